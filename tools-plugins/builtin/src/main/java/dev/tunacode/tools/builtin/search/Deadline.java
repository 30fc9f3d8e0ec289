package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.spi.Cancellation;

import java.util.concurrent.TimeUnit;

/**
 * When a search stops: at its time budget, or as soon as its call is asked to stop (cancelled, or past
 * the call's own limit). Checked between files, at every window of a file, every 4,096 names of a folder
 * and every 1,024 characters a pattern reads, so that either ends the search within moments and it
 * returns what it found, marked truncated.
 */
final class Deadline {

  private final long nanos;
  private final Cancellation cancellation;

  private Deadline(long nanos, Cancellation cancellation) {
    this.nanos = nanos;
    this.cancellation = cancellation;
  }

  /** @return the deadline {@code budgetMs} from now, or sooner if {@code cancellation} is requested */
  static Deadline in(long budgetMs, Cancellation cancellation) {
    return new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs), cancellation);
  }

  /** @return a deadline {@code budgetMs} from now that nothing cancels */
  static Deadline in(long budgetMs) {
    return in(budgetMs, new Cancellation());
  }

  boolean passed() {
    return System.nanoTime() - nanos > 0 || cancellation.requested();
  }

  /** @return the note a search that stopped early ends its text with */
  String note() {
    return cancellation.reason() == Cancellation.Reason.CANCELLED ? SearchDefaults.CANCELLED_NOTE : SearchDefaults.TIME_BUDGET_NOTE;
  }
}
