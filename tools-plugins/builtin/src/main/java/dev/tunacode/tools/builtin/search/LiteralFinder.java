package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A case-sensitive literal, found in the file's bytes by its rarest byte. Exact for any UTF-8 pattern,
 * since it compares the pattern's UTF-8 bytes.
 */
final class LiteralFinder extends AnchoredFinder {

  private final byte[] needle;
  private final byte wanted;

  LiteralFinder(String literal) {
    this(literal.getBytes(StandardCharsets.UTF_8));
  }

  private LiteralFinder(byte[] needle) {
    super(needle);
    this.needle = needle;
    this.wanted = needle[anchor()];
  }

  @Override
  int nextAnchor(Haystack text, int from, int to) {
    return ByteSearch.indexOf(text.bytes(), from, to, wanted);
  }

  @Override
  boolean matchesAt(Haystack text, int start) {
    return text.startsWith(start, needle);
  }
}
