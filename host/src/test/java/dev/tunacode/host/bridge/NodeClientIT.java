package dev.tunacode.host.bridge;

import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The bridge, with the official npm client in Node")
class NodeClientIT {

  static final Path PROJECT = Path.of("src/test/node");

  @TempDir
  Path workspace;

  @Test
  @DisplayName("over WebSocket, XHR streaming and XHR polling: lists tools, runs a batch and receives its events, is refused a "
    + "forbidden address, gets 413 for a message over the limit, and is refused a wrong token")
  void nodeClient() throws Exception {
    assertThat(PROJECT.resolve("node_modules/@vertx/eventbus-bridge-client.js")).as("run npm ci in " + PROJECT
      + " first (.ci/run does)").exists();
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    String token = "node-client-token-0123456789";
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject())) {
      WebServer server = runtime.serve(new ServerOptions().setPort(0), token);
      ProcessBuilder builder = new ProcessBuilder("node", "--test", "bridge.test.js").directory(PROJECT.toFile())
        .redirectErrorStream(true);
      builder.environment().put("TUNACODE_URL", "http://127.0.0.1:" + server.port());
      builder.environment().put("TUNACODE_TOKEN", token);
      Process node = builder.start();
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(node.exitValue()).as(output).isZero();
      assertThat(output).contains("# pass 15", "# fail 0");
    }
  }
}
