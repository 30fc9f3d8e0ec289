package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A case-insensitive ASCII literal. Every byte of the file and of the pattern gets its 0x20 bit set,
 * which folds ASCII letters together in one vectorizable pass; {@link String#indexOf} then finds
 * candidates in the folded copy, and each candidate is checked against the original bytes, since the
 * fold also joins a few non-letters (such as '@' and '`').
 */
final class FoldedLiteralFinder implements LineFinder {

  private static final ThreadLocal<byte[]> FOLDED = ThreadLocal.withInitial(() -> new byte[1 << 16]);

  private final byte[] pattern;
  private final String folded;

  FoldedLiteralFinder(String literal) {
    this.pattern = literal.getBytes(StandardCharsets.US_ASCII);
    byte[] fold = pattern.clone();
    for (int i = 0; i < fold.length; i++) {
      fold[i] |= 0x20;
    }
    this.folded = new String(fold, StandardCharsets.ISO_8859_1);
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
    byte[] bytes = text.bytes();
    int length = text.length();
    byte[] fold = FOLDED.get();
    if (fold.length < length) {
      fold = new byte[Math.max(length, fold.length * 2)];
      FOLDED.set(fold);
    }
    for (int i = 0; i < length; i++) {
      fold[i] = (byte) (bytes[i] | 0x20);
    }
    String haystack = new String(fold, 0, length, StandardCharsets.ISO_8859_1);
    int from = 0;
    while (from <= length) {
      int at = haystack.indexOf(folded, from);
      if (at < 0) {
        return;
      }
      if (!matchesAt(bytes, at)) {
        from = at + 1;
        continue;
      }
      String view = text.view();
      int end = LineFinder.lineEnd(view, at);
      if (!hits.accept(new LineHit(LineFinder.lineStart(view, at), end, at, at + pattern.length))) {
        return;
      }
      from = end + 1;
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
