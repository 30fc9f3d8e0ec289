package dev.tunacode.tools.builtin.search;

/**
 * A literal found by its rarest byte (its anchor, {@link ByteRarity}): the anchor is looked for with
 * {@link ByteSearch}, and the whole literal checked only where it is. Each matching line is reported
 * once, at its first match, unless {@link #everyMatch} says otherwise.
 */
abstract class AnchoredFinder implements LineFinder {

  private final int length;
  private final int anchor;
  private boolean everyMatch;

  /** @param pattern the literal's bytes; its anchor is its rarest byte */
  AnchoredFinder(byte[] pattern) {
    this.length = pattern.length;
    this.anchor = ByteRarity.rarest(pattern);
  }

  /**
   * Reports every match of a line, each as a hit of its own, as TunaCode's Python search did: at every
   * position a match starts, overlapping ones included ({@code aa} twice in {@code aaa}).
   */
  final AnchoredFinder everyMatch() {
    this.everyMatch = true;
    return this;
  }

  /** @return the index of the anchor byte within the literal */
  final int anchor() {
    return anchor;
  }

  /** @return the first index in [from, to) that may hold the anchor byte, or -1 */
  abstract int nextAnchor(Haystack text, int from, int to);

  /** @return true when the literal starts at {@code start}, which leaves room for all of it */
  abstract boolean matchesAt(Haystack text, int start);

  @Override
  public final void find(Haystack text, HitSink hits) {
    int size = text.length();
    int from = anchor;
    while (from < size) {
      int at = nextAnchor(text, from, size);
      if (at < 0) {
        return;
      }
      int start = at - anchor;
      from = at + 1;
      if (start + length <= size && matchesAt(text, start)) {
        int end = text.lineEnd(start);
        if (!hits.accept(text.lineStart(start), end, start, start + length)) {
          return;
        }
        if (!everyMatch) {
          from = Math.max(from, end + 1 + anchor);
        }
      }
    }
  }
}
