package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A case-sensitive literal, found in the file's bytes: its rarest byte with {@link ByteSearch}, then the
 * whole literal checked there. Exact for any UTF-8 pattern, since it compares the pattern's UTF-8 bytes.
 */
final class LiteralFinder implements LineFinder {

  private final byte[] needle;
  private final int anchor;

  LiteralFinder(String literal) {
    this.needle = literal.getBytes(StandardCharsets.UTF_8);
    this.anchor = ByteRarity.rarest(needle);
  }

  @Override
  public void find(Haystack text, HitSink hits) {
    int length = text.length();
    byte wanted = needle[anchor];
    int from = anchor;
    while (from < length) {
      int at = ByteSearch.indexOf(text.bytes(), from, length, wanted);
      if (at < 0) {
        return;
      }
      int start = at - anchor;
      from = at + 1;
      if (text.startsWith(start, needle)) {
        int end = text.lineEnd(start);
        if (!hits.accept(text.lineStart(start), end, start, start + needle.length)) {
          return;
        }
        from = Math.max(from, end + 1 + anchor);
      }
    }
  }
}
