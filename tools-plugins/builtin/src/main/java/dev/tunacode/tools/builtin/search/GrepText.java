package dev.tunacode.tools.builtin.search;

import java.util.List;

/**
 * TunaCode's grep text, and the plainer texts of the other output modes.
 */
final class GrepText {

  private GrepText() {
  }

  static String content(String pattern, String strategy, int candidates, List<GrepMatch> matches) {
    if (matches.isEmpty()) {
      return "No matches found for pattern: " + pattern;
    }
    StringBuilder text = new StringBuilder(matches.size() * 96).append("Found ").append(matches.size()).append(" matches for pattern: ").append(pattern)
      .append('\n').append("Strategy: ").append(strategy).append(" | Candidates: ").append(candidates).append(" files | ")
      .append(GlobText.RULE).append('\n');
    for (GrepMatch match : matches) {
      text.append("\n📁 ").append(match.file()).append(':').append(match.line()).append('\n');
      long number = match.line() - match.before().size();
      for (String line : match.before()) {
        text.append(contextLine(number++, line));
      }
      int column = match.column() - 1;
      String line = match.text();
      int end = Math.min(line.length(), column + match.length());
      text.append("▶ ").append(pad(match.line())).append("│ ").append(line, 0, column).append('⟨')
        .append(line, column, end).append('⟩').append(line.substring(end)).append('\n');
      number = match.line() + 1;
      for (String after : match.after()) {
        text.append(contextLine(number++, after));
      }
    }
    return text.toString().stripTrailing();
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

  private static String contextLine(long number, String line) {
    return "  " + pad(number) + "│ " + line + "\n";
  }

  // As Python's {n:4d}: right-aligned in four columns, wider numbers as they are.
  private static String pad(long number) {
    String digits = Long.toString(number);
    return digits.length() >= 4 ? digits : "    ".substring(digits.length()) + digits;
  }
}
