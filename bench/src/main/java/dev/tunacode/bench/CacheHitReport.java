package dev.tunacode.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link CacheHitBench} under JMH and prints its figures beside their baselines and the target.
 */
public final class CacheHitReport {

  private CacheHitReport() {
  }

  public static void main(String[] args) throws Exception {
    Map<String, Statistics> sampled = new HashMap<>();
    for (RunResult result : new Runner(new OptionsBuilder().include(CacheHitBench.class.getName()).build()).run()) {
      String name = result.getParams().getBenchmark();
      sampled.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getStatistics());
    }
    System.out.println();
    Statistics hit = sampled.get("hitLookup");
    System.out.printf(Locale.ROOT, "read_file hit, the cache's work       p50 %7.2f µs  p99 %7.2f µs  target p50 ≤ 20 µs  %s%n",
      hit.getPercentile(50), hit.getPercentile(99), hit.getPercentile(50) <= 20 ? "met" : "MISSED");
    line("read_file call answered from the cache", sampled.get("cachedCall"));
    line("read_file call, host without a cache ", sampled.get("uncachedCall"));
    line("bare event-bus request (under both)   ", sampled.get("bareRequestReply"));
    System.out.printf(Locale.ROOT, "cached call / uncached call, p50: %.2f×%n",
      sampled.get("cachedCall").getPercentile(50) / sampled.get("uncachedCall").getPercentile(50));
  }

  private static void line(String what, Statistics statistics) {
    System.out.printf(Locale.ROOT, "%s p50 %7.2f µs  p99 %7.2f µs%n", what, statistics.getPercentile(50), statistics.getPercentile(99));
  }
}
