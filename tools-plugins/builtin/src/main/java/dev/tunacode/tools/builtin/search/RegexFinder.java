package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression with ripgrep's meaning: Unicode classes and case, matched within lines (a match
 * never spans a line end). Lines are decoded and matched one at a time; when the expression holds a
 * literal that every match must contain, only the lines holding it, found in the bytes, are.
 */
final class RegexFinder implements LineFinder {

  private final Pattern pattern;
  private final LiteralFinder required;
  private final Deadline deadline;
  private final boolean everyMatch;

  /**
   * @param requiredLiteral a literal every match contains, matched case-sensitively, or null
   * @param deadline        past which matching throws {@link DeadlineChars.Expired}
   * @param everyMatch      report every match of a line as a hit of its own, as Python's {@code finditer} finds
   *                        them (each search from the last match's end), rather than the line once
   */
  RegexFinder(Pattern pattern, String requiredLiteral, Deadline deadline, boolean everyMatch) {
    this.pattern = pattern;
    this.deadline = deadline;
    this.everyMatch = everyMatch;
    this.required = requiredLiteral == null || requiredLiteral.isEmpty() ? null : new LiteralFinder(requiredLiteral);
  }

  @Override
  public void find(Haystack text, HitSink hits) {
    Matcher matcher = pattern.matcher("");
    DeadlineChars chars = new DeadlineChars(deadline);
    if (required != null) {
      required.find(text, (lineStart, lineEnd, literalStart, literalEnd) -> matchLine(text, matcher, chars, lineStart, lineEnd, hits));
      return;
    }
    int length = text.length();
    for (int lineStart = 0; lineStart < length; ) {
      int lineEnd = text.lineEnd(lineStart);
      if (!matchLine(text, matcher, chars, lineStart, lineEnd, hits)) {
        return;
      }
      lineStart = lineEnd + 1;
    }
  }

  // The line is matched with its '\r', as a regex sees a CRLF file's line; offsets go back to bytes. A
  // match is kept within the line's text, before the '\r': "$" matches before it and again after it,
  // and the second, past the text, is the same end of line.
  private boolean matchLine(Haystack text, Matcher matcher, DeadlineChars chars, int lineStart, int lineEnd, HitSink hits) {
    String line = text.decode(lineStart, lineEnd);
    int visible = line.endsWith("\r") ? line.length() - 1 : line.length();
    matcher.reset(chars.of(line));
    while (matcher.find()) {
      if (matcher.start() > visible) {
        return true;
      }
      if (!hits.accept(lineStart, lineEnd, lineStart + utf8Length(line, matcher.start()),
        lineStart + utf8Length(line, Math.min(matcher.end(), visible)))) {
        return false;
      }
      if (!everyMatch) {
        return true;
      }
    }
    return true;
  }

  private static int utf8Length(String text, int chars) {
    for (int i = 0; i < chars; i++) {
      if (text.charAt(i) >= 0x80) {
        return text.substring(0, chars).getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return chars;
  }
}
