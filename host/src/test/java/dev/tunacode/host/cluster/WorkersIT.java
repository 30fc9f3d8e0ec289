package dev.tunacode.host.cluster;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.client.BridgeClientOptions;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.testing.ClusterNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("A gateway and workers in JVMs of their own, on loopback")
class WorkersIT {

  private static final Path EXAMPLE_JAR = Path.of(System.getProperty("tunacode.examplePluginJar"));

  @TempDir
  Path gatewayRoot;
  @TempDir
  Path a;
  @TempDir
  Path b;
  @TempDir
  Path plugins;
  private ClusterNodes nodes;
  private final Vertx vertx = Vertx.vertx();
  private BridgeClient client;

  @BeforeEach
  void setUp() throws Exception {
    Files.copy(EXAMPLE_JAR, plugins.resolve("examples.jar"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    if (nodes != null) {
      nodes.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("each workspace's batch runs on its worker, a session keeps its order through the gateway, and a workspace "
    + "nobody serves is NOT_FOUND")
  void routesToTheWorkspace() throws Exception {
    nodes = new ClusterNodes(3);
    ClusterNodes.Node gateway = nodes.gateway(0, plugins, gatewayRoot.toString());
    ClusterNodes.Node workerA = nodes.worker(1, plugins, "a=" + a);
    ClusterNodes.Node workerB = nodes.worker(2, plugins, "b=" + b);
    await().atMost(Duration.ofSeconds(60)).until(() -> nodes.nodesOf(gateway, "a").equals(List.of(workerA.id()))
      && nodes.nodesOf(gateway, "b").equals(List.of(workerB.id())));
    connect(gateway);

    JsonObject toA = request(Addresses.BATCH, batch("a", null, write("where.txt", "worker a\n")));
    JsonObject toB = request(Addresses.BATCH, batch("b", null, write("where.txt", "worker b\n")));

    assertThat(toA.getJsonArray("results").getJsonObject(0).getBoolean("ok")).as(toA.encode()).isTrue();
    assertThat(toA.getJsonArray("results").getJsonObject(0).getString("node")).isEqualTo(workerA.id());
    assertThat(toB.getJsonArray("results").getJsonObject(0).getString("node")).isEqualTo(workerB.id());
    assertThat(Files.readString(a.resolve("where.txt"))).isEqualTo("worker a\n");
    assertThat(Files.readString(b.resolve("where.txt"))).isEqualTo("worker b\n");
    assertThat(gatewayRoot.resolve("where.txt")).doesNotExist();

    JsonObject unknown = request(Addresses.CALL, new JsonObject().put("workspace", "c").put("tool", "list_dir")
      .put("args", new JsonObject()));
    assertThat(unknown.getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(unknown.getJsonObject("error").getString("message")).contains("'c'", "Served: 'a', 'b', 'default'.");

    // The session's updates and reads, all in flight at once: each read sees the update before it.
    List<Future<JsonObject>> replies = new ArrayList<>();
    replies.add(client.request(Addresses.CALL, call("a", "order", "write_file", new JsonObject().put("filepath", "n.txt")
      .put("content", "0\n"))));
    for (int i = 1; i <= 15; i++) {
      replies.add(client.request(Addresses.CALL, call("a", "order", "update_file", new JsonObject().put("filepath", "n.txt")
        .put("target", (i - 1) + "\n").put("patch", i + "\n"))));
      replies.add(client.request(Addresses.CALL, call("a", "order", "read_file", new JsonObject().put("filepath", "n.txt"))));
    }
    for (int i = 1; i <= 15; i++) {
      JsonObject read = get(replies.get(2 * i));
      assertThat(read.getJsonObject("output").getString("content")).as(read.encode()).isEqualTo(i + "\n");
    }
    JsonObject listed = request(Addresses.WORKSPACES, new JsonObject());
    assertThat(listed.getJsonArray("workspaces").stream().map(w -> ((JsonObject) w).getString("id")))
      .containsExactly("a", "b", "default");
  }

  @Test
  @DisplayName("two workers of one shared folder share 40 reads, with the results of a host alone; a worker killed with "
    + "reads in flight has them run again on the other; restarted, it serves again")
  void sharedFolder() throws Exception {
    for (int i = 0; i < 40; i++) {
      Files.writeString(a.resolve("file" + i + ".txt"), "line " + i + "\n".repeat(i % 3 + 1));
    }
    nodes = new ClusterNodes(3);
    ClusterNodes.Node gateway = nodes.gateway(0, plugins, gatewayRoot.toString());
    ClusterNodes.Node first = nodes.worker(1, plugins, "shared=" + a);
    ClusterNodes.Node second = nodes.worker(2, plugins, "shared=" + a);
    await().atMost(Duration.ofSeconds(60)).until(() -> nodes.nodesOf(gateway, "shared").size() == 2);
    connect(gateway);

    List<Future<JsonObject>> reads = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      reads.add(client.request(Addresses.CALL, call("shared", "readers", "read_file", new JsonObject()
        .put("filepath", "file" + i + ".txt"))));
    }
    Set<String> ranOn = new HashSet<>();
    List<JsonObject> outputs = new ArrayList<>();
    for (Future<JsonObject> read : reads) {
      JsonObject result = get(read);
      ranOn.add(result.getString("node"));
      outputs.add(result.getJsonObject("output"));
    }
    assertThat(ranOn).as("both workers did work").containsExactlyInAnyOrder(first.id(), second.id());
    try (HostRuntime alone = HostRuntime.start(a, List.of(plugins), new JsonObject())) {
      for (int i = 0; i < 40; i++) {
        JsonObject result = alone.vertx().eventBus().<JsonObject>request(Addresses.CALL, call(null, null, "read_file",
          new JsonObject().put("filepath", "file" + i + ".txt"))).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body();
        assertThat(outputs.get(i)).isEqualTo(result.getJsonObject("output"));
      }
    }

    // One session's reads and updates of a file, all sent at once, over two workers that may each take its
    // reads: each read sees exactly the updates sent before it.
    Files.writeString(a.resolve("m.txt"), "0\n");
    List<Future<JsonObject>> mixed = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      mixed.add(client.request(Addresses.CALL, call("shared", "mixed", "read_file", new JsonObject().put("filepath", "m.txt"))));
      mixed.add(client.request(Addresses.BATCH, batch("shared", "mixed",
        new JsonObject().put("tool", "read_file").put("args", new JsonObject().put("filepath", "m.txt")),
        new JsonObject().put("tool", "grep").put("args", new JsonObject().put("pattern", "^" + (i - 1) + "$").put("use_regex", true)))));
      mixed.add(client.request(Addresses.CALL, call("shared", "mixed", "update_file", new JsonObject().put("filepath", "m.txt")
        .put("target", (i - 1) + "\n").put("patch", i + "\n"))));
    }
    for (int i = 1; i <= 10; i++) {
      JsonObject read = get(mixed.get(3 * (i - 1)));
      JsonObject both = get(mixed.get(3 * (i - 1) + 1));
      JsonObject update = get(mixed.get(3 * (i - 1) + 2));
      assertThat(read.getJsonObject("output").getString("content")).as(read.encode()).isEqualTo((i - 1) + "\n");
      assertThat(both.getJsonArray("results").getJsonObject(0).getJsonObject("output").getString("content")).isEqualTo((i - 1) + "\n");
      assertThat(both.getJsonArray("results").getJsonObject(1).getJsonObject("output").getJsonArray("matches")).hasSize(1);
      assertThat(update.getBoolean("ok")).as(update.encode()).isTrue();
    }
    assertThat(Files.readString(a.resolve("m.txt"))).isEqualTo("10\n");

    // Long reads on both workers; one is killed while they run.
    List<Future<JsonObject>> sleeps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sleeps.add(client.request(Addresses.CALL, call("shared", "sleepers", "sleep", new JsonObject().put("ms", 4000))));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> loadOf(gateway, "shared", first.id()) > 0
      && loadOf(gateway, "shared", second.id()) > 0);
    first.kill();
    long killed = System.nanoTime();
    for (Future<JsonObject> sleep : sleeps) {
      JsonObject result = get(sleep);
      assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
      assertThat(result.getString("node")).isEqualTo(second.id());
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed)).as("answered within seconds, not the 30 s reply timeout")
      .isLessThan(25);

    ClusterNodes.Node back = nodes.worker(1, plugins, "shared=" + a);
    await().atMost(Duration.ofSeconds(60)).until(() -> nodes.nodesOf(gateway, "shared").contains(back.id()));
    second.kill();
    await().atMost(Duration.ofSeconds(30)).until(() -> nodes.nodesOf(gateway, "shared").equals(List.of(back.id())));
    JsonObject again = request(Addresses.CALL, call("shared", null, "read_file", new JsonObject().put("filepath", "file1.txt")));
    assertThat(again.getBoolean("ok")).as(again.encode()).isTrue();
    assertThat(again.getString("node")).isEqualTo(back.id());
  }

  @Test
  @DisplayName("a worker killed while a command runs: the command is NODE_LOST, the calls after it CANCELLED naming it, the "
    + "finished ones keep their results, and the gateway stays up")
  void lostDuringACommand() throws Exception {
    nodes = new ClusterNodes(2);
    ClusterNodes.Node gateway = nodes.gateway(0, plugins, gatewayRoot.toString());
    ClusterNodes.Node worker = nodes.worker(1, plugins, "w=" + a);
    await().atMost(Duration.ofSeconds(60)).until(() -> nodes.nodesOf(gateway, "w").equals(List.of(worker.id())));
    connect(gateway);
    String content = "x".repeat(512 << 10);
    List<JsonObject> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    get(client.register("tunacode.events.lost", events::add));

    Future<JsonObject> batch = client.request(Addresses.BATCH, batch("w", "agent", write("big.txt", content),
      new JsonObject().put("id", "cmd").put("tool", "bash").put("args", new JsonObject().put("command", "sleep 60; echo late > late.txt")),
      new JsonObject().put("id", "after").put("tool", "read_file").put("args", new JsonObject().put("filepath", "big.txt")))
      .put("events", "tunacode.events.lost"));
    Future<JsonObject> later = client.request(Addresses.CALL, call("w", "agent", "list_dir", new JsonObject()));
    // The write's result has come through the gateway, which heard it on its way: the command runs now.
    await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(event -> "result".equals(event.getString("type"))
      && event.getInteger("index") == 0));
    assertThat(events.get(0).getString("type")).isEqualTo("accepted");
    worker.kill();

    JsonObject reply = get(batch);
    JsonArray results = reply.getJsonArray("results");
    assertThat(results.getJsonObject(0).getBoolean("ok")).as(reply.encode()).isTrue();
    assertThat(results.getJsonObject(1).getJsonObject("error").getString("code")).isEqualTo("NODE_LOST");
    assertThat(results.getJsonObject(1).getJsonObject("error").getString("message")).contains("may have been applied");
    assertThat(results.getJsonObject(2).getJsonObject("error").getString("code")).isEqualTo("CANCELLED");
    assertThat(results.getJsonObject(2).getJsonObject("error").getString("message")).contains("call 'cmd' (bash)");
    JsonObject next = get(later);
    assertThat(next.getJsonObject("error")).as(next.encode()).isNotNull();
    assertThat(next.getJsonObject("error").getString("code")).isEqualTo("CANCELLED");
    assertThat(next.getJsonObject("error").getString("message")).contains("call 'cmd' (bash)");
    assertThat(Files.readString(a.resolve("big.txt"))).isEqualTo(content);
    assertThat(a.resolve("late.txt")).doesNotExist();
    assertThat(nodes.health(gateway).getString("status")).isEqualTo("UP");
    JsonObject gone = request(Addresses.CALL, call("w", null, "list_dir", new JsonObject()));
    assertThat(gone.getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
  }

  private void connect(ClusterNodes.Node gateway) throws Exception {
    client = get(BridgeClient.connect(vertx, gateway.url(), ClusterNodes.TOKEN, new BridgeClientOptions().setTimeoutMs(120_000)));
  }

  private int loadOf(ClusterNodes.Node gateway, String workspace, String node) throws Exception {
    return nodes.health(gateway).getJsonArray("workspaces").stream().map(JsonObject.class::cast)
      .filter(served -> served.getString("id").equals(workspace))
      .flatMap(served -> served.getJsonArray("nodes").stream().map(JsonObject.class::cast))
      .filter(served -> served.getString("node").equals(node)).mapToInt(served -> served.getInteger("load")).sum();
  }

  private JsonObject request(String address, JsonObject body) throws Exception {
    return get(client.request(address, body));
  }

  private static JsonObject write(String path, String content) {
    return new JsonObject().put("tool", "write_file").put("args", new JsonObject().put("filepath", path).put("content", content));
  }

  private static JsonObject batch(String workspace, String session, JsonObject... calls) {
    JsonObject batch = new JsonObject().put("workspace", workspace).put("calls", new JsonArray(List.of((Object[]) calls)));
    return session == null ? batch : batch.put("session", session);
  }

  private static JsonObject call(String workspace, String session, String tool, JsonObject args) {
    JsonObject call = new JsonObject().put("tool", tool).put("args", args);
    if (workspace != null) {
      call.put("workspace", workspace);
    }
    return session == null ? call : call.put("session", session);
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
