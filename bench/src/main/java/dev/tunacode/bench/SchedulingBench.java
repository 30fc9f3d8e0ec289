package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.examples.ExamplePlugin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The scheduling cases of issue 2: batches of {@code sleep} calls run one at a time (the baseline,
 * {@code maxParallel=1}) and in parallel, in the same run, with medians over repeated runs.
 * Wall time is measured by the client around the whole request, so it includes every layer.
 */
public final class SchedulingBench {

  private SchedulingBench() {
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path root = Files.createTempDirectory("tunacode-bench");
    try (BenchHost bench = new BenchHost(root, new HostOptions(), new ExamplePlugin())) {
      System.out.println("case                               | sequential (median) | parallel (median) | speedup | target");
      report(bench, "3 × sleep 100", sleeps(3, 100), 10, runs, runs, 102);
      report(bench, "64 × sleep 50 at maxParallel 16", sleeps(64, 50), 16, 3, runs, 206);
    }
  }

  // The sequential baseline is long (3.2 s a run for 64 × 50), so it gets fewer runs than the parallel
  // case; both are interleaved so that the machine's noise falls on both alike.
  private static void report(BenchHost bench, String name, JsonObject batch, int maxParallel, int sequentialRuns,
                             int parallelRuns, double targetMs) throws Exception {
    JsonObject parallelBatch = batch.copy().put("maxParallel", maxParallel);
    for (int i = 0; i < 10; i++) {
      time(bench, parallelBatch);
    }
    double[] sequential = new double[sequentialRuns];
    double[] parallel = new double[parallelRuns];
    for (int i = 0; i < parallelRuns; i++) {
      if (i < sequentialRuns) {
        sequential[i] = time(bench, batch.copy().put("maxParallel", 1));
      }
      parallel[i] = time(bench, parallelBatch);
    }
    double seq = Stats.median(sequential);
    double par = Stats.median(parallel);
    System.out.printf(Locale.ROOT, "%-34s | %16.1f ms | %14.1f ms | %6.2f× | ≤ %.0f ms %s%n",
      name, seq, par, seq / par, targetMs, par <= targetMs ? "met" : "MISSED");
  }

  private static double time(BenchHost bench, JsonObject batch) throws Exception {
    long start = System.nanoTime();
    bench.request(Addresses.BATCH, batch);
    return (System.nanoTime() - start) / 1e6;
  }

  private static JsonObject sleeps(int count, int ms) {
    JsonArray calls = new JsonArray();
    for (int i = 0; i < count; i++) {
      calls.add(new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", ms)));
    }
    return new JsonObject().put("calls", calls);
  }
}
