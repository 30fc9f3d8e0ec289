package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression with ripgrep's meaning: Unicode classes and case, matched within lines (a match
 * never spans a line end). When the expression holds a literal that every match must contain, only the
 * lines holding it, found with the vectorized {@link String#indexOf} on a Latin-1 view of the bytes, are
 * decoded and matched; otherwise the whole file is decoded.
 */
final class RegexFinder implements LineFinder {

  private final Pattern pattern;
  private final String required;

  /**
   * @param requiredLiteral a literal every match contains, matched case-sensitively, or null
   */
  RegexFinder(Pattern pattern, String requiredLiteral) {
    this.pattern = pattern;
    this.required = requiredLiteral == null || requiredLiteral.isEmpty() ? null
      : new String(requiredLiteral.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
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
      findInDecoded(text.view(), hits);
    }
  }

  private void findInDecoded(String view, HitSink hits) {
    Matcher matcher = pattern.matcher(view);
    int from = 0;
    while (from <= view.length() && matcher.find(from)) {
      int start = matcher.start();
      if (start == view.length() && (start == 0 || view.charAt(start - 1) == '\n')) {
        return;
      }
      int lineStart = LineFinder.lineStart(view, start);
      int lineEnd = LineFinder.lineEnd(view, start);
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
      if (!hits.accept(new LineHit(lineStart, lineEnd, start, end))) {
        return;
      }
      from = lineEnd + 1;
    }
  }

  // Offsets of hits here are byte offsets, as the Latin-1 view's are.
  private void findAroundLiteral(Haystack text, HitSink hits) {
    String view = text.view();
    int from = 0;
    while (from < view.length()) {
      int at = view.indexOf(required, from);
      if (at < 0) {
        return;
      }
      int lineStart = LineFinder.lineStart(view, at);
      int lineEnd = LineFinder.lineEnd(view, at);
      String line = new String(text.bytes(), lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        int start = lineStart + utf8Length(line, matcher.start());
        int end = lineStart + utf8Length(line, matcher.end());
        if (!hits.accept(new LineHit(lineStart, lineEnd, start, end))) {
          return;
        }
      }
      from = lineEnd + 1;
    }
  }

  private static int utf8Length(String text, int chars) {
    return text.substring(0, chars).getBytes(StandardCharsets.UTF_8).length;
  }
}
