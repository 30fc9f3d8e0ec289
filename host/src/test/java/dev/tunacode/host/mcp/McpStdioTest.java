package dev.tunacode.host.mcp;

import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.ProbeTool;
import dev.tunacode.host.cli.Main;
import dev.tunacode.host.testing.PluginJars;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The MCP client contract over stdio, to {@code tunahost mcp} started as a process, as a client starts it. */
@DisplayName("An MCP client over stdio")
class McpStdioTest extends McpClientContract {

  @TempDir
  static Path root;

  @BeforeAll
  static void probes() throws Exception {
    Files.createDirectory(root.resolve("ws"));
    Path plugins = Files.createDirectory(root.resolve("plugins"));
    new PluginJars().compiled(ProbePlugin.class, ProbeTool.class).plugin(ProbePlugin.class.getName())
      .build(plugins.resolve("probes.jar"));
  }

  @Override
  protected McpClientTransport transport() {
    ServerParameters command = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
      .args("-cp", System.getProperty("java.class.path"), Main.class.getName(), "mcp",
        "--workspace", workspace().toString(), "--plugins", root.resolve("plugins").toString())
      .build();
    return new StdioClientTransport(command, McpJsonDefaults.getMapper());
  }

  @Override
  protected Path workspace() {
    return root.resolve("ws");
  }

  @Override
  protected Path plugins() {
    return root.resolve("plugins");
  }

  // One stream carries every request in the order they were sent, and the host reads it in that order: a
  // request sent once these are sent comes after them.
  @Override
  protected void awaitRunning(String tool, int count) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> recording.sent.size() >= count);
  }
}
