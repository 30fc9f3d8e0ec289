package dev.tunacode.tools.builtin.search;

/**
 * A string as a regular expression reads it, that gives up once the search's time is up. Java's
 * matcher has no time limit of its own, and a pattern such as {@code (a+)+$} on a long line, or a glob
 * of many {@code *}, backtracks for longer than any budget; the matcher reads every character it tries
 * through {@link #charAt}, so checking the clock there (every thousand reads) bounds any pattern.
 */
final class DeadlineChars implements CharSequence {

  /** Thrown through the matcher when the time is up; the search then returns what it has. */
  static final class Expired extends RuntimeException {
    private Expired() {
      super("the search's time budget ran out", null, false, false);
    }
  }

  static final Expired EXPIRED = new Expired();

  private static final int CHECK_EVERY = 1024;

  private final long deadlineNanos;
  private String text = "";
  private int reads;

  /** @param deadlineNanos the {@link System#nanoTime()} past which reading fails */
  DeadlineChars(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** @return this, reading {@code text} now */
  DeadlineChars of(String text) {
    this.text = text;
    return this;
  }

  @Override
  public char charAt(int index) {
    if (++reads == CHECK_EVERY) {
      reads = 0;
      if (System.nanoTime() - deadlineNanos > 0) {
        throw EXPIRED;
      }
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
