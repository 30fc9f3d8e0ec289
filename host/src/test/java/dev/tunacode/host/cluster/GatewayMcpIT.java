package dev.tunacode.host.cluster;

import dev.tunacode.host.testing.ClusterNodes;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MCP client of a gateway whose session names a workspace that only a worker serves, each a JVM of its
 * own: the calls run on the worker, and a command's progress comes back from it.
 */
@DisplayName("An MCP client through a gateway to a worker's workspace")
class GatewayMcpIT {

  @TempDir
  static Path root;
  private static ClusterNodes nodes;
  private static ClusterNodes.Node gateway;
  private static ClusterNodes.Node worker;

  @BeforeAll
  static void startCluster() throws Exception {
    Path plugins = Files.createDirectory(root.resolve("plugins"));
    Path served = Files.createDirectory(root.resolve("w"));
    Files.writeString(served.resolve("notes.txt"), "on the worker\n");
    nodes = new ClusterNodes(2);
    gateway = nodes.gateway(0, plugins, Files.createDirectory(root.resolve("g")).toString());
    worker = nodes.worker(1, plugins, "w=" + served);
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> nodes.nodesOf(gateway, "w").equals(List.of(worker.id())));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  @DisplayName("reads and writes the worker's folder, and hears the worker's command output as progress")
  void callsRunOnTheWorker() throws Exception {
    List<McpSchema.ProgressNotification> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(gateway.url()).endpoint("/mcp?workspace=w")
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + ClusterNodes.TOKEN)).build())
      .requestTimeout(Duration.ofSeconds(60)).progressConsumer(progress::add).build();
    try {
      client.initialize();
      McpSchema.CallToolResult read = client.callTool(McpSchema.CallToolRequest.builder("read_file")
        .arguments(Map.of("filepath", "notes.txt")).build());
      McpSchema.CallToolResult wrote = client.callTool(McpSchema.CallToolRequest.builder("write_file")
        .arguments(Map.of("filepath", "new.txt", "content", "made through the gateway")).build());
      McpSchema.CallToolResult ran = client.callTool(McpSchema.CallToolRequest.builder("bash")
        .arguments(Map.of("command", "for i in 1 2 3; do echo tick$i; sleep 0.2; done")).progressToken("p").build());

      assertThat(((Map<?, ?>) read.structuredContent()).get("content")).isEqualTo("on the worker\n");
      assertThat(wrote.isError()).isFalse();
      assertThat(Files.readString(root.resolve("w/new.txt"))).isEqualTo("made through the gateway");
      assertThat(root.resolve("g/new.txt")).doesNotExist();
      assertThat(ran.isError()).isFalse();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !progress.isEmpty());
      assertThat(progress.stream().map(McpSchema.ProgressNotification::message).reduce("", String::concat))
        .contains("tick1", "tick2", "tick3");
    } finally {
      client.closeGracefully();
    }
  }
}
