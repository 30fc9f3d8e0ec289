package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A case-insensitive ASCII literal, found in the file's bytes: its rarest byte, in both cases if it is a
 * letter, with {@link ByteSearch}, then the whole literal checked there without case. No copy of the
 * file is folded or lowered, so a search that finds little costs little more than reading.
 */
final class FoldedLiteralFinder implements LineFinder {

  private final byte[] pattern;
  private final int anchor;
  private final byte lower;
  private final byte upper;

  FoldedLiteralFinder(String literal) {
    this.pattern = literal.getBytes(StandardCharsets.US_ASCII);
    this.anchor = ByteRarity.rarest(pattern);
    char c = (char) pattern[anchor];
    this.lower = (byte) Character.toLowerCase(c);
    this.upper = (byte) Character.toUpperCase(c);
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
    int length = text.length();
    int from = anchor;
    while (from < length) {
      int at = ByteSearch.indexOfEither(text.bytes(), from, length, lower, upper);
      if (at < 0) {
        return;
      }
      int start = at - anchor;
      from = at + 1;
      if (start + pattern.length <= length && matchesAt(text, start)) {
        int end = text.lineEnd(start);
        if (!hits.accept(text.lineStart(start), end, start, start + pattern.length)) {
          return;
        }
        from = Math.max(from, end + 1 + anchor);
      }
    }
  }

  private boolean matchesAt(Haystack text, int at) {
    for (int i = 0; i < pattern.length; i++) {
      byte b = text.byteAt(at + i);
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
}
