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

  /**
   * Receives each matching line as offsets into the text searched, with the first match on it; returns
   * false to stop the search of this file. Offsets rather than an object: a search may find millions.
   */
  interface HitSink {
    boolean accept(int lineStart, int lineEnd, int matchStart, int matchEnd);
  }
}
