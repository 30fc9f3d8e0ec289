package dev.tunacode.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import java.util.Collection;
import java.util.Locale;

/**
 * Runs {@link EchoBench} under JMH and prints its figures beside their baseline and targets.
 */
public final class EchoReport {

  private EchoReport() {
  }

  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder().include(EchoBench.class.getName()).build();
    Collection<RunResult> results = new Runner(options).run();
    double throughput = 0;
    Statistics single = null;
    Statistics bare = null;
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      Statistics statistics = result.getPrimaryResult().getStatistics();
      if (name.endsWith("echoBatchOf1000")) {
        throughput = result.getPrimaryResult().getScore();
      } else if (name.endsWith("echoSingleCall")) {
        single = statistics;
      } else if (name.endsWith("bareRequestReply")) {
        bare = statistics;
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "echo in 1,000-call batches  %,10.0f calls/s            target ≥ 150,000  %s%n",
      throughput, throughput >= 150_000 ? "met" : "MISSED");
    if (single != null && bare != null) {
      double p50 = single.getPercentile(50);
      double bareP50 = bare.getPercentile(50);
      System.out.printf(Locale.ROOT, "one tunacode.call           p50 %7.1f µs  p99 %7.1f µs  target p50 ≤ 100 µs  %s%n",
        p50, single.getPercentile(99), p50 <= 100 ? "met" : "MISSED");
      System.out.printf(Locale.ROOT, "bare event-bus request      p50 %7.1f µs  p99 %7.1f µs  (the layer under us)%n",
        bareP50, bare.getPercentile(99));
      System.out.printf(Locale.ROOT, "tunacode.call / bare request, p50: %.2f×%n", p50 / bareP50);
    }
  }
}
