package dev.tunacode.bench;

import java.util.Arrays;

/**
 * Medians and percentiles of repeated measurements.
 */
public final class Stats {

  private Stats() {
  }

  public static double median(double[] values) {
    return percentile(values, 50);
  }

  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
