package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A case-sensitive literal, found with {@link String#indexOf} on a Latin-1 view of the bytes: the JDK's
 * vectorized search, and exact for any UTF-8 pattern because UTF-8 bytes map one-to-one onto Latin-1.
 */
final class LiteralFinder implements LineFinder {

  private final String needle;

  LiteralFinder(String literal) {
    this.needle = new String(literal.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  @Override
  public void find(Haystack text, HitSink hits) {
    String view = text.view();
    int from = 0;
    while (from <= view.length()) {
      int at = view.indexOf(needle, from);
      if (at < 0) {
        return;
      }
      int end = LineFinder.lineEnd(view, at);
      if (!hits.accept(new LineHit(LineFinder.lineStart(view, at), end, at, at + needle.length()))) {
        return;
      }
      from = end + 1;
    }
  }

  @Override
  public boolean needsDecodedText() {
    return false;
  }
}
