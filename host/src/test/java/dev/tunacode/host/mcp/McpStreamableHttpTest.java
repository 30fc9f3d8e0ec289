package dev.tunacode.host.mcp;

import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.ProbeTool;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import dev.tunacode.host.testing.PluginJars;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The MCP client contract over Streamable HTTP, to {@code /mcp} of a host in this JVM. */
@DisplayName("An MCP client over Streamable HTTP")
class McpStreamableHttpTest extends McpClientContract {

  static final String TOKEN = "mcp-http-token-0123456789abcdef";
  @TempDir
  static Path root;
  private static HostRuntime runtime;
  private static WebServer server;

  @BeforeAll
  static void start() throws Exception {
    Path workspace = Files.createDirectory(root.resolve("ws"));
    Path plugins = Files.createDirectory(root.resolve("plugins"));
    new PluginJars().compiled(ProbePlugin.class, ProbeTool.class).plugin(ProbePlugin.class.getName())
      .build(plugins.resolve("probes.jar"));
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject());
    runtime.watchPlugins(true);
    server = runtime.serve(new ServerOptions().setPort(0), TOKEN);
  }

  @AfterAll
  static void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Override
  protected McpClientTransport transport() {
    return HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port()).endpoint("/mcp")
      .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN)).build();
  }

  @Override
  protected Path workspace() {
    return root.resolve("ws");
  }

  @Override
  protected Path plugins() {
    return root.resolve("plugins");
  }

  // Requests on connections of their own may arrive in any order: the host's metrics say when the reads run.
  @Override
  protected void awaitRunning(String tool, int count) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
      .header("Authorization", "Bearer " + TOKEN).build();
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() ->
      http.send(metrics, HttpResponse.BodyHandlers.ofString()).body().lines()
        .anyMatch(line -> line.startsWith("tunacode_calls_running{tool=\"" + tool + "\"}") && line.endsWith(" " + count + ".0")));
  }
}
