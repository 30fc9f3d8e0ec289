package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression with ripgrep's meaning: Unicode classes and case, matched within lines (a match
 * never spans a line end). When the expression holds a literal that every match must contain, only the
 * lines holding it, found in the bytes, are decoded and matched; otherwise the whole file is decoded.
 */
final class RegexFinder implements LineFinder {

  private final Pattern pattern;
  private final LiteralFinder required;

  /**
   * @param requiredLiteral a literal every match contains, matched case-sensitively, or null
   */
  RegexFinder(Pattern pattern, String requiredLiteral) {
    this.pattern = pattern;
    this.required = requiredLiteral == null || requiredLiteral.isEmpty() ? null : new LiteralFinder(requiredLiteral);
  }

  @Override
  public boolean needsDecodedText() {
    return required == null;
  }

  @Override
  public void find(Haystack text, HitSink hits) {
    if (required != null) {
      findAroundLiteral(text, hits);
    } else {
      findInDecoded(text, hits);
    }
  }

  private void findInDecoded(Haystack text, HitSink hits) {
    String view = text.decoded();
    Matcher matcher = pattern.matcher(view);
    int from = 0;
    while (from <= view.length() && matcher.find(from)) {
      int start = matcher.start();
      if (start == view.length() && (start == 0 || view.charAt(start - 1) == '\n')) {
        return;
      }
      int lineStart = text.lineStart(start);
      int lineEnd = text.lineEnd(start);
      int end = matcher.end();
      if (end > lineEnd) {
        matcher.region(lineStart, lineEnd);
        boolean inLine = matcher.find();
        start = inLine ? matcher.start() : -1;
        end = inLine ? matcher.end() : -1;
        matcher.reset();
        if (!inLine) {
          from = lineEnd + 1;
          continue;
        }
      }
      if (!hits.accept(lineStart, lineEnd, start, end)) {
        return;
      }
      from = lineEnd + 1;
    }
  }

  // Offsets of hits here are byte offsets.
  private void findAroundLiteral(Haystack text, HitSink hits) {
    byte[] bytes = text.bytes();
    required.find(text, (lineStart, lineEnd, literalStart, literalEnd) -> {
      String line = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
      Matcher matcher = pattern.matcher(line);
      if (!matcher.find()) {
        return true;
      }
      return hits.accept(lineStart, lineEnd, lineStart + utf8Length(line, matcher.start()), lineStart + utf8Length(line, matcher.end()));
    });
  }

  private static int utf8Length(String text, int chars) {
    return text.substring(0, chars).getBytes(StandardCharsets.UTF_8).length;
  }
}
