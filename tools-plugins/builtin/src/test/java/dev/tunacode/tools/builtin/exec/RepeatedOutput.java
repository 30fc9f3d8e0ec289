package dev.tunacode.tools.builtin.exec;

/**
 * What {@code yes 0123456789 | head -c N} prints, and what the command tools keep of it, computed
 * without holding the output.
 */
final class RepeatedOutput {

  static final String LINE = "0123456789\n";
  /** The documented capture: the first and the last 64 KiB of a stream that does not fit in 128 KiB. */
  static final int KEPT = 64 * 1024;

  private RepeatedOutput() {
  }

  static String command(long bytes) {
    return "yes 0123456789 | head -c " + bytes;
  }

  /** @return the characters {@code [from, from + length)} of the output */
  static String slice(long from, int length) {
    StringBuilder text = new StringBuilder(length);
    for (long i = from; i < from + length; i++) {
      text.append(LINE.charAt((int) (i % LINE.length())));
    }
    return text.toString();
  }

  /** @return the {@code stdout} field for an output of {@code total} bytes, more than 128 KiB */
  static String captured(long total) {
    return slice(0, KEPT).stripLeading() + "\n[... output omitted ...]\n" + slice(total - KEPT, KEPT).stripTrailing();
  }
}
