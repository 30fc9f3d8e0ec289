package dev.tunacode.tools.builtin.file;

/**
 * Counting and numbering the lines of a text.
 */
final class Lines {

  private Lines() {
  }

  /** @return the number of lines; a last line without a final newline counts */
  static long count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    long newlines = text.chars().filter(c -> c == '\n').count();
    return text.endsWith("\n") ? newlines : newlines + 1;
  }

  /** @return the text with each line prefixed by its number, right-aligned in six columns and a tab */
  static String numbered(String text, long firstLine) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    long line = firstLine;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int stop = end < 0 ? text.length() : end + 1;
      out.append(String.format("%6d\t", line++)).append(text, start, stop);
      start = stop;
    }
    return out.toString();
  }
}
