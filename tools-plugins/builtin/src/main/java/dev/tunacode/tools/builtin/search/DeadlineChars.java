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

  private final Deadline deadline;
  private String text = "";
  private int reads;

  /** @param deadline past which reading fails */
  DeadlineChars(Deadline deadline) {
    this.deadline = deadline;
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
      if (deadline.passed()) {
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
