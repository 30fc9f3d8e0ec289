package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A case-insensitive ASCII literal. It looks for the pattern's rarest byte (by how often bytes occur
 * in source code), in both cases if it is a letter, with the JDK's vectorized {@link String#indexOf}
 * on a Latin-1 view of the file, and checks the whole pattern only there. No copy of the file is
 * folded or lowered, so a search that finds little costs little more than reading.
 */
final class FoldedLiteralFinder implements LineFinder {

  /** ASCII bytes from most to least common in source code; bytes not listed count as rarest. */
  private static final String COMMON = " e\nt\tasiornlcdu.pm()hf;g,=b\"y_v/wk*{}x:-1j0'[]2<>q+z3&#!4|5986$7%\\@?^`~\r";

  private final byte[] pattern;
  private final int anchor;
  private final char lower;
  private final char upper;

  FoldedLiteralFinder(String literal) {
    this.pattern = literal.getBytes(StandardCharsets.US_ASCII);
    int rarest = 0;
    for (int i = 1; i < pattern.length; i++) {
      if (rank(pattern[i]) > rank(pattern[rarest])) {
        rarest = i;
      }
    }
    this.anchor = rarest;
    char c = (char) pattern[rarest];
    this.lower = Character.toLowerCase(c);
    this.upper = Character.toUpperCase(c);
  }

  private static int rank(byte b) {
    int at = COMMON.indexOf(Character.toLowerCase((char) b));
    return at < 0 ? COMMON.length() : at;
  }

  static boolean handles(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (literal.charAt(i) >= 0x80) {
        return false;
      }
    }
    return !literal.isEmpty();
  }

  @Override
  public void find(Haystack text, HitSink hits) {
    String view = text.view();
    byte[] bytes = text.bytes();
    int length = text.length();
    int from = anchor;
    int nextLower = view.indexOf(lower, from);
    int nextUpper = lower == upper ? -1 : view.indexOf(upper, from);
    while (nextLower >= 0 || nextUpper >= 0) {
      int at;
      if (nextUpper < 0 || (nextLower >= 0 && nextLower < nextUpper)) {
        at = nextLower;
      } else {
        at = nextUpper;
      }
      int start = at - anchor;
      int resume = at + 1;
      if (start >= 0 && start + pattern.length <= length && matchesAt(bytes, start)) {
        int end = LineFinder.lineEnd(view, start);
        if (!hits.accept(new LineHit(LineFinder.lineStart(view, start), end, start, start + pattern.length))) {
          return;
        }
        resume = Math.max(resume, end + 1 + anchor);
      }
      if (nextLower >= 0 && nextLower < resume) {
        nextLower = view.indexOf(lower, resume);
      }
      if (nextUpper >= 0 && nextUpper < resume) {
        nextUpper = view.indexOf(upper, resume);
      }
    }
  }

  private boolean matchesAt(byte[] bytes, int at) {
    for (int i = 0; i < pattern.length; i++) {
      byte b = bytes[at + i];
      byte p = pattern[i];
      if (b != p && !(isLetter(b) && isLetter(p) && (b | 0x20) == (p | 0x20))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(byte b) {
    int folded = b | 0x20;
    return folded >= 'a' && folded <= 'z';
  }

  @Override
  public boolean needsDecodedText() {
    return false;
  }
}
