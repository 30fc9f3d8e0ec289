package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;

/**
 * TunaCode's grep text, and the plainer texts of the other output modes.
 */
final class GrepText {

  private static final ThreadLocal<StringBuilder> BLOCKS = ThreadLocal.withInitial(() -> new StringBuilder(1 << 12));
  /** A pool thread keeps a builder up to this many characters between files. */
  private static final int KEPT_CAPACITY = 1 << 20;

  /** TunaCode's cap on the files it searched, which its text names. */
  static final int TUNACODE_MAX_FILES = 5000;

  private GrepText() {
  }

  /**
   * The content-mode text.
   *
   * @param count  the matches it shows
   * @param chunks their blocks, as {@link #blocks} wrote them, in order
   */
  static String content(String pattern, String searchType, int candidates, int count, List<String> chunks) {
    String strategy = strategy(searchType, candidates);
    if (count == 0) {
      return "No matches found for pattern: " + pattern + "\n\nStrategy: " + strategy + " (was " + searchType + "), Files: "
        + candidates + "/" + TUNACODE_MAX_FILES;
    }
    List<String> parts = new ArrayList<>(chunks.size() + 1);
    parts.add("Found " + count + " matches for pattern: " + pattern + "\nStrategy: " + strategy + " | Candidates: "
      + candidates + " files | " + GlobText.RULE + "\n");
    parts.addAll(chunks);
    // The last block's final line end goes; nothing else does, as a context line may end in spaces.
    String last = parts.get(parts.size() - 1);
    parts.set(parts.size() - 1, last.substring(0, last.length() - 1));
    return String.join("", parts);
  }

  /** @return the strategy TunaCode's "smart" search would have picked for so many files: its text names it */
  static String strategy(String searchType, int candidates) {
    if (!"smart".equals(searchType)) {
      return searchType;
    }
    return candidates <= 50 ? "python" : candidates <= 1000 ? "ripgrep" : "hybrid";
  }

  /** return_format "list": the files with matches as the JSON list TunaCode returned, as pydantic-ai sends it. */
  static String list(List<String> files) {
    return new io.vertx.core.json.JsonArray(new ArrayList<>(files)).encode();
  }

  /**
   * Writes the blocks of one file's matches into a reused builder of this thread's, then copies them out.
   *
   * @param ends receives, for each match, where its block ends
   */
  static String blocks(List<GrepMatch> matches, int[] ends) {
    StringBuilder text = BLOCKS.get();
    text.setLength(0);
    for (int i = 0; i < matches.size(); i++) {
      appendMatch(text, matches.get(i));
      ends[i] = text.length();
    }
    String blocks = text.toString();
    if (text.capacity() > KEPT_CAPACITY) {
      BLOCKS.remove();
    }
    return blocks;
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
