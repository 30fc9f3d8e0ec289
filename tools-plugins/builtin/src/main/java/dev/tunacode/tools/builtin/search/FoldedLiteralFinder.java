package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A case-insensitive ASCII literal, found in the file's bytes by its rarest byte in both cases (if it is
 * a letter) and checked without case there. No copy of the file is folded or lowered, so a search that
 * finds little costs little more than reading.
 */
final class FoldedLiteralFinder extends AnchoredFinder {

  private final byte[] pattern;
  private final byte lower;
  private final byte upper;

  FoldedLiteralFinder(String literal) {
    this(literal.getBytes(StandardCharsets.US_ASCII));
  }

  private FoldedLiteralFinder(byte[] pattern) {
    super(pattern);
    this.pattern = pattern;
    char c = (char) pattern[anchor()];
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
  int nextAnchor(Haystack text, int from, int to) {
    return ByteSearch.indexOfEither(text.bytes(), from, to, lower, upper);
  }

  @Override
  boolean matchesAt(Haystack text, int at) {
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
