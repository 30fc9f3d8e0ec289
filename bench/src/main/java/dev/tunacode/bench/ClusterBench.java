package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.runtime.WorkspaceSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway in this JVM and a worker in another, one cluster on loopback:
 * <ul>
 *   <li>the time a worker takes to start and join, and the gateway to join and route its first call;</li>
 *   <li>{@code echo} through the gateway to the worker, at 64 outstanding and one at a time, beside a bare
 *   clustered request/reply to a consumer in the worker's JVM that answers at once, in alternating rounds;</li>
 *   <li>the time from a {@code kill -9} of the worker to the last of its calls in flight being answered.</li>
 * </ul>
 * Usage: {@code ClusterBench <examples plugin jar>}.
 */
public final class ClusterBench {

  private static final int OUTSTANDING = 64;
  private static final int CALLS = 40_000;
  private static final int LATENCY_SAMPLES = 4_000;
  private static final int ROUNDS = 5;
  private static final String BARE = "bench.cluster.bare";

  private ClusterBench() {
  }

  public static void main(String[] args) throws Exception {
    Path plugins = Files.createTempDirectory("tunacode-cluster-plugins");
    Files.copy(Path.of(args[0]), plugins.resolve("examples.jar"));
    Path workspace = Files.createTempDirectory("tunacode-cluster-w");
    String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    int gatewayPort = freePort();
    int workerPort = freePort();
    String members = "127.0.0.1:" + gatewayPort + ",127.0.0.1:" + workerPort;

    long t0 = System.nanoTime();
    Process worker = new ProcessBuilder(javaCommand(ClusterBenchNode.class.getName(), name, String.valueOf(workerPort), members,
      workspace.toString(), plugins.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      double workerReadyMs = ms(t0);
      System.out.printf("worker JVM started, joined and serving:     %,8.0f ms (%s)%n", workerReadyMs, ready);

      long t1 = System.nanoTime();
      JsonObject config = new JsonObject().put("cluster", new JsonObject().put("enabled", true).put("name", name)
        .put("port", gatewayPort).put("members", new JsonArray(List.of(members.split(",")))));
      try (HostRuntime gateway = HostRuntime.start(List.of(WorkspaceSpec.ofDefault(workspace)), List.of(plugins), config)) {
        JsonObject echo = new JsonObject().put("workspace", "w").put("tool", "echo").put("args", new JsonObject().put("text", "hi"));
        Vertx vertx = gateway.vertx();
        while (!vertx.eventBus().<JsonObject>request(Addresses.CALL, echo).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS).body().getBoolean("ok", false)) {
          Thread.sleep(20);
        }
        System.out.printf("gateway joined and routed its first call:   %,8.0f ms%n", ms(t1));

        String node = gateway.workspacesServed().getJsonArray("workspaces").stream().map(JsonObject.class::cast)
          .filter(served -> served.getString("id").equals("w")).findFirst().orElseThrow()
          .getJsonArray("nodes").getJsonObject(0).getString("node");
        String direct = dev.tunacode.core.HostAddresses.of(node, "w").call();
        double[] directRate = new double[ROUNDS];
        double[] oursRate = new double[ROUNDS];
        double[] bareRate = new double[ROUNDS];
        double[] oursP50 = new double[ROUNDS];
        double[] bareP50 = new double[ROUNDS];
        JsonObject bareBody = new JsonObject().put("text", "hi");
        for (int round = -1; round < ROUNDS; round++) {
          double bareCalls = rate(vertx, BARE, bareBody);
          double ourCalls = rate(vertx, Addresses.CALL, echo);
          double directCalls = rate(vertx, direct, echo);
          double bareLatency = p50(vertx, BARE, bareBody);
          double ourLatency = p50(vertx, Addresses.CALL, echo);
          if (round >= 0) {
            bareRate[round] = bareCalls;
            oursRate[round] = ourCalls;
            directRate[round] = directCalls;
            bareP50[round] = bareLatency;
            oursP50[round] = ourLatency;
          }
        }
        System.out.printf("echo at %d outstanding, %,d calls a round, median of %d rounds:%n", OUTSTANDING, CALLS, ROUNDS);
        System.out.printf("  bare clustered request/reply   %,9.0f calls/s   p50 %6.0f µs (one at a time)%n",
          Stats.median(bareRate), Stats.median(bareP50));
        System.out.printf("  tunacode.call via the gateway  %,9.0f calls/s   p50 %6.0f µs (one at a time)%n",
          Stats.median(oursRate), Stats.median(oursP50));
        System.out.printf("  the worker's host, no gateway  %,9.0f calls/s (straight to its address)%n", Stats.median(directRate));
        System.out.printf("  ours / bare                    %9.2f×          p50 %6.2f×%n",
          Stats.median(oursRate) / Stats.median(bareRate), Stats.median(oursP50) / Stats.median(bareP50));

        lostNode(vertx, worker);
      }
    } finally {
      worker.destroyForcibly();
      worker.waitFor(30, TimeUnit.SECONDS);
    }
  }

  // Eight long calls in flight on the worker, which is killed: each is answered NODE_LOST once the loss is known.
  private static void lostNode(Vertx vertx, Process worker) throws Exception {
    List<Future<JsonObject>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(vertx.eventBus().<JsonObject>request(Addresses.CALL, new JsonObject().put("workspace", "w").put("tool", "sleep")
        .put("args", new JsonObject().put("ms", 120_000)), new DeliveryOptions().setSendTimeout(300_000)).map(reply -> reply.body()));
    }
    Thread.sleep(500);
    long killed = System.nanoTime();
    worker.destroyForcibly();
    String codes = "";
    for (Future<JsonObject> call : calls) {
      codes = call.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS).getJsonObject("error", new JsonObject())
        .getString("code", "ok");
    }
    System.out.printf("kill -9 of the worker to its last call in flight answered (%s): %,6.0f ms%n", codes, ms(killed));
  }

  private static double rate(Vertx vertx, String address, JsonObject body) throws Exception {
    Promise<Void> done = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    long t0 = System.nanoTime();
    vertx.runOnContext(go -> {
      for (int i = 0; i < OUTSTANDING; i++) {
        next(vertx, address, body, sent, answered, done);
      }
    });
    done.future().toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
    return CALLS * 1e9 / (System.nanoTime() - t0);
  }

  private static void next(Vertx vertx, String address, JsonObject body, AtomicInteger sent, AtomicInteger answered,
                           Promise<Void> done) {
    if (sent.incrementAndGet() > CALLS) {
      return;
    }
    vertx.eventBus().request(address, body).onComplete(reply -> {
      if (reply.failed()) {
        done.tryFail(reply.cause());
      } else if (answered.incrementAndGet() == CALLS) {
        done.tryComplete();
      } else {
        next(vertx, address, body, sent, answered, done);
      }
    });
  }

  private static double p50(Vertx vertx, String address, JsonObject body) throws Exception {
    double[] micros = new double[LATENCY_SAMPLES];
    for (int i = 0; i < LATENCY_SAMPLES; i++) {
      long t0 = System.nanoTime();
      vertx.eventBus().request(address, body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      micros[i] = (System.nanoTime() - t0) / 1e3;
    }
    return Stats.median(micros);
  }

  private static List<String> javaCommand(String main, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-XX:+UseParallelGC"));
    // The worker runs with the options this JVM was given on top (TUNACODE_JAVA_OPTS), such as a recording.
    String extra = System.getenv("TUNACODE_NODE_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    return command;
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The worker's JVM: a host serving the workspace {@code w} to the cluster, and a bare consumer beside it. */
  public static final class ClusterBenchNode {

    private ClusterBenchNode() {
    }

    public static void main(String[] args) throws Exception {
      JsonObject config = new JsonObject().put("cluster", new JsonObject().put("enabled", true).put("name", args[0])
        .put("port", Integer.parseInt(args[1])).put("members", new JsonArray(List.of(args[2].split(",")))));
      HostRuntime worker = HostRuntime.start(List.of(new WorkspaceSpec("w", Path.of(args[3]))), List.of(Path.of(args[4])), config);
      worker.vertx().eventBus().<JsonObject>consumer(BARE, message -> message.reply(message.body())).completion()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("node " + worker.nodeId());
      System.out.flush();
      Thread.currentThread().join();
    }
  }
}
