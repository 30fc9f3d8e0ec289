package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.spi.BlockingIo;

import java.util.List;

/**
 * TunaCode's grep text, and the plainer texts of the other output modes.
 */
final class GrepText {

  /** Below this many matches, a text is written on one thread. */
  private static final int MATCHES_PER_PART = 20_000;

  private GrepText() {
  }

  /**
   * The content-mode text. A text of many matches is written in parts on up to {@code helpers} more pool
   * threads and joined in one copy: a quarter of a million matches make 60 MB of text.
   */
  static String content(BlockingIo io, int helpers, String pattern, String strategy, int candidates, List<GrepMatch> matches) {
    if (matches.isEmpty()) {
      return "No matches found for pattern: " + pattern;
    }
    int parts = matches.size() < MATCHES_PER_PART ? 1 : Math.min(helpers + 1, matches.size() / MATCHES_PER_PART);
    String[] texts = new String[parts + 1];
    texts[0] = "Found " + matches.size() + " matches for pattern: " + pattern + "\nStrategy: " + strategy + " | Candidates: "
      + candidates + " files | " + GlobText.RULE + "\n";
    WorkQueue<Integer> queue = new WorkQueue<>();
    for (int part = 0; part < parts; part++) {
      queue.add(part);
    }
    queue.drain(io, parts - 1, (part, work) -> texts[part + 1] = blocks(matches.subList(matches.size() * part / parts,
      matches.size() * (part + 1) / parts), part == parts - 1));
    return String.join("", texts);
  }

  private static String blocks(List<GrepMatch> matches, boolean last) {
    StringBuilder text = new StringBuilder(matches.size() * 128);
    for (GrepMatch match : matches) {
      appendMatch(text, match);
    }
    if (last) {
      // As String.stripTrailing on the whole text, without copying many megabytes once more.
      int end = text.length();
      while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      text.setLength(end);
    }
    return text.toString();
  }

  /** Appends one match's block: the file and line, the context before, the line with the match marked, the context after. */
  static void appendMatch(StringBuilder text, GrepMatch match) {
    text.append("\n📁 ").append(match.file()).append(':').append(match.line()).append('\n');
    long number = match.line() - match.before().size();
    for (String line : match.before()) {
      appendContextLine(text, number++, line);
    }
    int column = match.column() - 1;
    String line = match.text();
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
