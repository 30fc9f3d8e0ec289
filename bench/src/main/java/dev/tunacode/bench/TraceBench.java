package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.client.BridgeClientOptions;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Replays an agent's recorded session (shared/traces/agent-session.json) over the bridge, on a fresh copy
 * of its tree each time: one call at a time and TunaCode's way (in each turn, consecutive read-only calls
 * at once, every write or command alone), both on a plain host, without the result cache or the index, as
 * TunaCode has neither; ours (each turn one batch of one session) on a host with the cache and the index;
 * and ours on the plain host. Prints the medians, the ratios, whether all gave the same texts, and where
 * ours spent its time; with {@code -Dtunacode.bench.calls=true}, each call of ours in the last replay.
 */
public final class TraceBench {

  private enum Way { ONE_BY_ONE, TUNACODE, OURS, OURS_PLAIN }

  private static final Set<String> READ_ONLY = Set.of("read_file", "grep", "glob", "list_dir");
  private static final String TOKEN = "trace-bench-token-0123456789";
  /** Results answered from the cache, over every replay. */
  private static final java.util.concurrent.atomic.AtomicInteger CACHED = new java.util.concurrent.atomic.AtomicInteger();

  private TraceBench() {
  }

  public static void main(String[] args) throws Exception {
    Path trace = Path.of(args[0]);
    Path corpus = Path.of(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    JsonArray turns = new JsonObject(Files.readString(trace)).getJsonArray("turns");
    int calls = turns.stream().mapToInt(turn -> ((JsonObject) turn).getJsonArray("calls").size()).sum();
    Path root = Files.createTempDirectory("tunacode-trace");
    fresh(corpus, root);
    Vertx clientVertx = Vertx.vertx();
    try (HostRuntime runtime = HostRuntime.start(root, List.of(), new JsonObject().put("index", new JsonObject().put("enabled", true)));
         HostRuntime plain = HostRuntime.start(root, List.of(), new JsonObject().put("cache", new JsonObject().put("enabled", false)))) {
      BridgeClient client = connect(clientVertx, runtime);
      BridgeClient plainClient = connect(clientVertx, plain);
      Map<Way, List<String>> texts = new EnumMap<>(Way.class);
      for (Way way : Way.values()) {
        fresh(corpus, root, runtime);
        List<String> seen = new ArrayList<>();
        replay(way == Way.OURS ? client : plainClient, turns, way, seen, null);
        texts.put(way, seen);
      }
      Map<Way, double[]> wall = new EnumMap<>(Way.class);
      Map<String, Double> runMs = new LinkedHashMap<>();
      for (Way way : Way.values()) {
        wall.put(way, new double[runs]);
      }
      for (int r = 0; r < runs; r++) {
        for (Way way : Way.values()) {
          fresh(corpus, root, runtime);
          long start = System.nanoTime();
          replay(way == Way.OURS ? client : plainClient, turns, way, new ArrayList<>(),
            way == Way.OURS && r == runs - 1 ? runMs : null);
          wall.get(way)[r] = (System.nanoTime() - start) / 1e6;
        }
      }
      double one = Stats.median(wall.get(Way.ONE_BY_ONE));
      double tuna = Stats.median(wall.get(Way.TUNACODE));
      double ours = Stats.median(wall.get(Way.OURS));
      System.out.printf(Locale.ROOT, "agent trace, %d calls in %d turns, over the bridge, median of %d replays on a fresh tree each:%n",
        calls, turns.size(), runs);
      double plainOurs = Stats.median(wall.get(Way.OURS_PLAIN));
      System.out.printf(Locale.ROOT, "  on a plain host: one call at a time %.0f ms · TunaCode's way %.0f ms · ours (a batch per turn) %.0f ms%n",
        one, tuna, plainOurs);
      System.out.printf(Locale.ROOT, "  ours with the result cache and the index %.0f ms: %.2f× TunaCode's way (target ≤ 0.4× %s) · %.2f× ours "
        + "on the plain host (%d results in all the replays came from the cache)%n", ours, ours / tuna, ours <= 0.4 * tuna ? "met" : "MISSED",
        ours / plainOurs, CACHED.get());
      boolean same = texts.values().stream().allMatch(seen -> seen.equals(texts.get(Way.ONE_BY_ONE)));
      System.out.println("  all four gave the same texts, call for call: " + (same ? "yes" : "NO"));
      StringBuilder where = new StringBuilder("  where ours spent its run time (sum of runMs, last replay):");
      runMs.forEach((tool, ms) -> where.append(String.format(Locale.ROOT, " %s %.0f ms", tool, ms)));
      System.out.println(where);
      client.close();
      plainClient.close();
    } finally {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      new ProcessBuilder("rm", "-rf", root.toString()).start().waitFor();
    }
  }

  private static BridgeClient connect(Vertx clientVertx, HostRuntime runtime) throws Exception {
    WebServer server = runtime.serve(new ServerOptions().setPort(0), TOKEN);
    return BridgeClient.connect(clientVertx, "http://127.0.0.1:" + server.port(), TOKEN,
      new BridgeClientOptions().setTimeoutMs(TimeUnit.MINUTES.toMillis(10))).toCompletionStage().toCompletableFuture()
      .get(30, TimeUnit.SECONDS);
  }

  private static void replay(BridgeClient client, JsonArray turns, Way way, List<String> texts, Map<String, Double> runMs)
    throws Exception {
    for (Object item : turns) {
      JsonArray calls = ((JsonObject) item).getJsonArray("calls");
      List<JsonObject> results = switch (way) {
        case ONE_BY_ONE -> oneByOne(client, calls);
        case TUNACODE -> tunacodeWay(client, calls);
        case OURS, OURS_PLAIN -> ours(client, calls);
      };
      for (JsonObject result : results) {
        if (result.getBoolean("cached", false)) {
          CACHED.incrementAndGet();
        }
        texts.add(result.getBoolean("ok") ? result.getJsonObject("output").getString("text")
          : result.getJsonObject("error").getString("code") + ": " + result.getJsonObject("error").getString("message"));
        if (runMs != null) {
          runMs.merge(result.getString("tool"), result.getJsonObject("timing").getDouble("runMs"), Double::sum);
          if (Boolean.getBoolean("tunacode.bench.calls")) {
            JsonObject output = result.getJsonObject("output");
            System.out.printf(Locale.ROOT, "    %s %.1f ms %s%n", result.getString("tool"), result.getJsonObject("timing").getDouble("runMs"),
              output == null || output.getJsonObject("phases") == null ? "" : output.getJsonObject("phases").encode());
          }
        }
      }
    }
  }

  private static List<JsonObject> oneByOne(BridgeClient client, JsonArray calls) throws Exception {
    List<JsonObject> results = new ArrayList<>();
    for (Object call : calls) {
      results.add(await(client.request(Addresses.CALL, (JsonObject) call)));
    }
    return results;
  }

  // TunaCode gathers a run of read-only calls and awaits them together; a write or a command runs alone.
  private static List<JsonObject> tunacodeWay(BridgeClient client, JsonArray calls) throws Exception {
    List<JsonObject> results = new ArrayList<>();
    List<Future<JsonObject>> group = new ArrayList<>();
    for (Object item : calls) {
      JsonObject call = (JsonObject) item;
      if (READ_ONLY.contains(call.getString("tool"))) {
        group.add(client.request(Addresses.CALL, call.copy().put("session", "read-" + System.nanoTime())));
        continue;
      }
      flush(group, results);
      results.add(await(client.request(Addresses.CALL, call)));
    }
    flush(group, results);
    return results;
  }

  private static void flush(List<Future<JsonObject>> group, List<JsonObject> results) throws Exception {
    for (Future<JsonObject> pending : group) {
      results.add(await(pending));
    }
    group.clear();
  }

  private static List<JsonObject> ours(BridgeClient client, JsonArray calls) throws Exception {
    JsonObject reply = await(client.request(Addresses.BATCH, new JsonObject().put("session", "agent").put("calls", calls)));
    List<JsonObject> results = new ArrayList<>();
    reply.getJsonArray("results").forEach(result -> results.add((JsonObject) result));
    return results;
  }

  // The host holds its workspace's root open, so the root stays and its contents are replaced. A replay starts
  // once the cache's watcher has taken the new tree in (a copy of 15,000 files overflows its queue, and it walks
  // the tree again) and the index has read it, as an agent's next turn comes well after a checkout.
  private static void fresh(Path corpus, Path root, HostRuntime ours) throws Exception {
    fresh(corpus, root);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    var cache = ours.workspaces().get(0).host().cache();
    while (!cache.quiet() || !indexIdle(ours)) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the watcher and the index did not take the new tree in within 120 s");
      }
      Thread.sleep(20);
    }
  }

  private static boolean indexIdle(HostRuntime ours) {
    JsonObject index = ours.health().getJsonArray("index").getJsonObject(0);
    return "ready".equals(index.getString("state")) && !index.getBoolean("syncing");
  }

  private static void fresh(Path corpus, Path root) throws Exception {
    run("find", root.toString(), "-mindepth", "1", "-delete");
    run("cp", "-a", corpus + "/.", root.toString());
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
