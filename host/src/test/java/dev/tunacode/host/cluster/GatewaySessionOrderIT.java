package dev.tunacode.host.cluster;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.coordinator.SessionOrderContract;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.ProbeTool;
import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.client.BridgeClientOptions;
import dev.tunacode.host.testing.ClusterNodes;
import dev.tunacode.host.testing.PluginJars;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

/**
 * The scheduler's session tests, sent by a bridge client to a gateway in front of two workers of one
 * shared folder, each a JVM of its own: a session's reads may run on either worker, its writes on one.
 */
@DisplayName("A session's calls through a gateway to two workers of one folder")
class GatewaySessionOrderIT extends SessionOrderContract {

  @TempDir
  static Path shared;
  @TempDir
  static Path gatewayRoot;
  @TempDir
  static Path plugins;
  private static ClusterNodes nodes;
  private static ClusterNodes.Node gateway;
  private static Vertx vertx;
  private static BridgeClient client;

  @BeforeAll
  static void startCluster() throws Exception {
    new PluginJars().compiled(ProbePlugin.class, ProbeTool.class).plugin(ProbePlugin.class.getName())
      .build(plugins.resolve("probes.jar"));
    nodes = new ClusterNodes(3);
    gateway = nodes.gateway(0, plugins, gatewayRoot.toString());
    ClusterNodes.Node one = nodes.worker(1, plugins, "w=" + shared);
    ClusterNodes.Node two = nodes.worker(2, plugins, "w=" + shared);
    Awaitility.await().atMost(Duration.ofSeconds(60))
      .until(() -> nodes.nodesOf(gateway, "w").equals(List.of(one.id(), two.id()).stream().sorted().toList()));
    vertx = Vertx.vertx();
    client = BridgeClient.connect(vertx, gateway.url(), ClusterNodes.TOKEN, new BridgeClientOptions().setTimeoutMs(120_000))
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    warmUp();
  }

  // The workers' first calls load and compile what every later one runs; the contract is about order, and
  // its margins are not meant to cover a cold JVM. Reads at once go to both workers, the least busy first.
  private static void warmUp() throws Exception {
    List<Future<JsonObject>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(client.request(Addresses.CALL, new JsonObject().put("workspace", "w").put("tool", "probe")
        .put("args", new JsonObject().put("path", "warm.txt").put("ms", 20))));
      calls.add(client.request(Addresses.BATCH, new JsonObject().put("workspace", "w").put("session", "warm-" + i)
        .put("calls", new io.vertx.core.json.JsonArray().add(new JsonObject().put("tool", "probe_write")
          .put("args", new JsonObject().put("path", "warm.txt").put("content", "w").put("ms", 0))))));
    }
    Future.all(calls).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (client != null) {
      client.close();
    }
    if (nodes != null) {
      nodes.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a session's two reads run on both workers at once, its write after both, and the read after it sees it")
  void readsOnBothWorkersThenAWrite() throws Exception {
    // The least busy is chosen by the load each worker last reported too: an earlier test's must have settled.
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> nodes.health(gateway).getJsonArray("workspaces").stream()
      .map(JsonObject.class::cast).filter(served -> served.getString("id").equals("w"))
      .flatMap(served -> served.getJsonArray("nodes").stream().map(JsonObject.class::cast))
      .allMatch(served -> served.getInteger("load") == 0));
    JsonObject slowRead = new JsonObject().put("tool", "probe").put("args", new JsonObject().put("path", "x.txt").put("ms", 400))
      .put("session", "both");
    Future<JsonObject> first = sendCall(slowRead);
    Future<JsonObject> second = sendCall(slowRead);
    Future<JsonObject> write = sendCall(new JsonObject().put("tool", "probe_write").put("session", "both")
      .put("args", new JsonObject().put("path", "x.txt").put("content", "x1").put("ms", 0)));
    Future<JsonObject> after = sendCall(new JsonObject().put("tool", "probe").put("session", "both")
      .put("args", new JsonObject().put("path", "x.txt").put("ms", 0)));
    JsonObject one = await(first);
    JsonObject two = await(second);
    JsonObject written = await(write);
    JsonObject read = await(after);

    assertThat(List.of(one.getString("node"), two.getString("node"))).as("the reads ran on both workers").doesNotHaveDuplicates();
    assertThat(List.of(text(one), text(two), text(read))).containsExactly("x0", "x0", "x1");
    long bothEnded = Math.max(output(one).getLong("endNanos"), output(two).getLong("endNanos"));
    assertThat(output(written).getLong("startNanos")).as("the write started after both reads ended").isGreaterThanOrEqualTo(bothEnded);
    assertThat(read.getString("node")).as("the read after the write ran where it did").isEqualTo(written.getString("node"));
  }

  private static JsonObject output(JsonObject result) {
    return result.getJsonObject("output");
  }

  private static String text(JsonObject result) {
    return output(result).getString("text");
  }

  @Override
  protected Path root() {
    return shared;
  }

  @Override
  protected Future<JsonObject> sendBatch(JsonObject batch) {
    return client.request(Addresses.BATCH, batch.copy().put("workspace", "w"));
  }

  @Override
  protected Future<JsonObject> sendCall(JsonObject call) {
    return client.request(Addresses.CALL, call.copy().put("workspace", "w"));
  }
}
