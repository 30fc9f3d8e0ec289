package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinPlugin;
import dev.tunacode.tools.examples.ExamplePlugin;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The session cases of issue 10, in-process: ten single calls of one session sent without waiting
 * against the same ten as one batch, and fairness, a session with 500 queued calls against one that
 * sends three.
 */
public final class SessionBench {

  private static final DeliveryOptions LONG = new DeliveryOptions().setSendTimeout(TimeUnit.MINUTES.toMillis(10));

  private SessionBench() {
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path root = Files.createTempDirectory("tunacode-session-bench");
    for (int i = 0; i < 10; i++) {
      Files.writeString(root.resolve("file" + i + ".txt"), ("line of file " + i + "\n").repeat(2_000));
    }
    try (BenchHost bench = new BenchHost(root, new HostOptions(), new BuiltinPlugin(), new ExamplePlugin())) {
      System.out.println("case (medians)              | one batch: wall, speedup | 10 single calls at once: wall, speedup | speedup ratio | target");
      singlesVsBatch(bench, "10 × sleep 20, one session", i -> call("sleep", new JsonObject().put("ms", 20)), runs);
      singlesVsBatch(bench, "10 × read_file, one session", i -> call("read_file", new JsonObject().put("filepath", "file" + i + ".txt")),
        runs);
      fairness(bench, Math.max(5, runs / 6));
    }
  }

  private static JsonObject call(String tool, JsonObject args) {
    return new JsonObject().put("tool", tool).put("args", args);
  }

  private static void singlesVsBatch(BenchHost bench, String name, java.util.function.IntFunction<JsonObject> calls, int runs)
    throws Exception {
    for (int i = 0; i < 20; i++) {
      batch(bench, calls);
      singles(bench, calls);
    }
    double[][] batch = new double[2][runs];
    double[][] singles = new double[2][runs];
    for (int r = 0; r < runs; r++) {
      double[] one = batch(bench, calls);
      double[] ten = singles(bench, calls);
      for (int k = 0; k < 2; k++) {
        batch[k][r] = one[k];
        singles[k][r] = ten[k];
      }
    }
    double ratio = Stats.median(singles[1]) / Stats.median(batch[1]);
    System.out.printf(Locale.ROOT, "%-27s | %8.2f ms, %5.2f×     | %17.2f ms, %5.2f×               | %12.2f× | ≥ 0.9× %s%n", name,
      Stats.median(batch[0]), Stats.median(batch[1]), Stats.median(singles[0]), Stats.median(singles[1]), ratio,
      ratio >= 0.9 ? "met" : "MISSED");
  }

  /** @return wall ms and speedup (sum of run times over wall time, as a batch's stats give it) */
  private static double[] batch(BenchHost bench, java.util.function.IntFunction<JsonObject> calls) throws Exception {
    JsonArray list = new JsonArray();
    for (int i = 0; i < 10; i++) {
      list.add(calls.apply(i));
    }
    long start = System.nanoTime();
    JsonObject reply = bench.request(Addresses.BATCH, new JsonObject().put("session", "batch").put("calls", list));
    double ms = (System.nanoTime() - start) / 1e6;
    check(reply.getJsonObject("stats").getInteger("errors") == 0, reply);
    return new double[] {ms, reply.getJsonObject("stats").getDouble("sumMs") / ms};
  }

  private static double[] singles(BenchHost bench, java.util.function.IntFunction<JsonObject> calls) throws Exception {
    List<Future<Message<JsonObject>>> replies = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      replies.add(bench.vertx.eventBus().request(Addresses.CALL, calls.apply(i).put("session", "singles"), LONG));
    }
    Future.all(replies).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    double ms = (System.nanoTime() - start) / 1e6;
    double sum = 0;
    for (Future<Message<JsonObject>> reply : replies) {
      check(reply.result().body().getBoolean("ok"), reply.result().body());
      sum += reply.result().body().getJsonObject("timing").getDouble("runMs");
    }
    return new double[] {ms, sum / ms};
  }

  // Session A sends 500 single sleeps without waiting, enough to fill every slot many times over; once they
  // run, session B sends three. Counted: A's calls that started after B's were sent and before B's first.
  private static void fairness(BenchHost bench, int runs) throws Exception {
    double[] before = new double[runs];
    for (int r = 0; r < runs; r++) {
      List<Future<Message<JsonObject>>> a = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        a.add(bench.vertx.eventBus().request(Addresses.CALL, call("sleep", new JsonObject().put("ms", 20)).put("session", "A"), LONG));
      }
      Thread.sleep(100);
      long sentB = System.nanoTime();
      List<Future<Message<JsonObject>>> b = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        b.add(bench.vertx.eventBus().request(Addresses.CALL, call("sleep", new JsonObject().put("ms", 20)).put("session", "B"), LONG));
      }
      Future.all(b).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      Future.all(a).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
      long firstB = Long.MAX_VALUE;
      for (Future<Message<JsonObject>> reply : b) {
        firstB = Math.min(firstB, reply.result().body().getJsonObject("output").getLong("startNanos"));
      }
      int overtook = 0;
      for (Future<Message<JsonObject>> reply : a) {
        long start = reply.result().body().getJsonObject("output").getLong("startNanos");
        if (start > sentB && start < firstB) {
          overtook++;
        }
      }
      before[r] = overtook;
    }
    double median = Stats.median(before);
    System.out.printf(Locale.ROOT, "fairness: 500 queued single sleeps of A, then 3 of B: A's calls started between B's send and B's first "
      + "start, median %.0f, most %.0f (of %d runs) · target ≤ 3 %s%n", median, Stats.percentile(before, 100), runs,
      median <= 3 ? "met" : "MISSED");
  }

  private static void check(boolean ok, JsonObject reply) {
    if (!ok) {
      throw new IllegalStateException("a call failed: " + reply.encode());
    }
  }
}
