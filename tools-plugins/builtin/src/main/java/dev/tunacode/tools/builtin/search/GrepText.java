package dev.tunacode.tools.builtin.search;

import java.util.List;

/**
 * TunaCode's grep text, and the plainer texts of the other output modes.
 */
final class GrepText {


  private GrepText() {
  }

  /**
   * The content-mode text. A quarter of a million matches make 60 MB of text, so it is written once into
   * a builder of its exact size, already wide enough for the symbols, and not stripped by a copy.
   */
  static String content(String pattern, String strategy, int candidates, List<GrepMatch> matches) {
    if (matches.isEmpty()) {
      return "No matches found for pattern: " + pattern;
    }
    String header = "Found " + matches.size() + " matches for pattern: " + pattern + "\nStrategy: " + strategy + " | Candidates: "
      + candidates + " files | " + GlobText.RULE + "\n";
    long size = header.length();
    for (GrepMatch match : matches) {
      size += blockLength(match);
    }
    StringBuilder text = wideBuilder((int) Math.min(size, Integer.MAX_VALUE - 16)).append(header);
    for (GrepMatch match : matches) {
      appendMatch(text, match);
    }
    // As String.stripTrailing.
    int end = text.length();
    while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    text.setLength(end);
    return text.toString();
  }

  // A builder holds one byte a character until a wider one comes, then copies itself into two; starting
  // it wide spares a copy of the whole text.
  private static StringBuilder wideBuilder(int capacity) {
    StringBuilder text = new StringBuilder(2).append('⟨');
    text.setLength(0);
    text.ensureCapacity(capacity);
    return text;
  }

  /** @return the length of the block {@link #appendMatch} writes for {@code match} */
  static long blockLength(GrepMatch match) {
    long length = 4 + match.file().length() + 1 + digits(match.line()) + 1;
    long number = match.line() - match.before().size();
    for (String line : match.before()) {
      length += contextLineLength(number++, line);
    }
    length += 2 + padded(match.line()) + 2 + match.textLength() + 2 + 1;
    number = match.line() + 1;
    for (String line : match.after()) {
      length += contextLineLength(number++, line);
    }
    return length;
  }

  private static long contextLineLength(long number, String line) {
    return 2 + padded(number) + 2 + line.length() + 1;
  }

  private static int padded(long number) {
    return Math.max(4, digits(number));
  }

  private static int digits(long number) {
    int digits = 1;
    for (long rest = number; rest >= 10; rest /= 10) {
      digits++;
    }
    return digits;
  }

  /** Appends one match's block: the file and line, the context before, the line with the match marked, the context after. */
  static void appendMatch(StringBuilder text, GrepMatch match) {
    text.append("\n📁 ").append(match.file()).append(':').append(match.line()).append('\n');
    long number = match.line() - match.before().size();
    for (String line : match.before()) {
      appendContextLine(text, number++, line);
    }
    int column = match.column() - 1;
    CharSequence line = match.textChars();
    int end = Math.min(line.length(), column + match.length());
    text.append("▶ ");
    appendPadded(text, match.line()).append("│ ").append(line, 0, column).append('⟨').append(line, column, end).append('⟩')
      .append(line, end, line.length()).append('\n');
    number = match.line() + 1;
    for (String after : match.after()) {
      appendContextLine(text, number++, after);
    }
  }

  static String files(String pattern, List<String> files) {
    if (files.isEmpty()) {
      return "No matches found for pattern: " + pattern;
    }
    return "Found " + files.size() + " files with matches for pattern: " + pattern + "\n" + String.join("\n", files);
  }

  static String counts(String pattern, List<String> files, List<Integer> counts) {
    if (files.isEmpty()) {
      return "No matches found for pattern: " + pattern;
    }
    long total = counts.stream().mapToLong(Integer::longValue).sum();
    StringBuilder text = new StringBuilder("Found ").append(total).append(" matches in ").append(files.size())
      .append(" files for pattern: ").append(pattern);
    for (int i = 0; i < files.size(); i++) {
      text.append('\n').append(files.get(i)).append(':').append(counts.get(i));
    }
    return text.toString();
  }

  private static void appendContextLine(StringBuilder text, long number, String line) {
    appendPadded(text.append("  "), number).append("│ ").append(line).append('\n');
  }

  // As Python's {n:4d}: right-aligned in four columns, wider numbers as they are.
  private static StringBuilder appendPadded(StringBuilder text, long number) {
    for (long limit = 1000; limit > 1 && number < limit; limit /= 10) {
      text.append(' ');
    }
    return text.append(number);
  }
}
