package dev.tunacode.tools.builtin.search;

/**
 * Finds the lines of a file that match, each once, in order, with the first match on each.
 */
interface LineFinder {

  /**
   * @param text the file
   * @param hits receives each matching line; returns false to stop
   */
  void find(Haystack text, HitSink hits);

  /** @return true when {@code view} must be the decoded UTF-8 text rather than a Latin-1 view of the bytes */
  boolean needsDecodedText();

  /** Receives hits; false stops the search of this file. */
  interface HitSink {
    boolean accept(LineHit hit);
  }

  static int lineStart(String text, int at) {
    return text.lastIndexOf('\n', at - 1) + 1;
  }

  static int lineEnd(String text, int at) {
    int end = text.indexOf('\n', at);
    return end < 0 ? text.length() : end;
  }
}
