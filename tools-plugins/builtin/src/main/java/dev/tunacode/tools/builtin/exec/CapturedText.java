package dev.tunacode.tools.builtin.exec;

/**
 * One output stream as text: whole when it fitted, or its start and end with what fell between left out.
 *
 * @param head     the text from the start, stripped of leading whitespace
 * @param tail     the text at the end, stripped of trailing whitespace; empty when {@code complete}
 * @param complete true when {@code head} is the whole output
 * @param bytes    how many bytes the stream carried
 */
record CapturedText(String head, String tail, boolean complete, long bytes) {

  /** What stands between the head and the tail when bytes were dropped. */
  static final String OMITTED = "\n[... output omitted ...]\n";

  static CapturedText of(BoundedCapture capture) {
    if (!capture.overflowed()) {
      return new CapturedText((capture.head() + capture.tail()).strip(), "", true, capture.total());
    }
    return new CapturedText(capture.head().stripLeading(), capture.tail().stripTrailing(), false, capture.total());
  }

  static CapturedText none() {
    return new CapturedText("", "", true, 0);
  }

  boolean isEmpty() {
    return complete && head.isEmpty();
  }

  /** @return the output, with a marker where bytes were dropped */
  String text() {
    return complete ? head : head + OMITTED + tail;
  }
}
