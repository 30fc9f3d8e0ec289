package dev.tunacode.tools.builtin.file;

/**
 * A text as Python's text mode reads it, every CRLF and lone CR as LF, with the way back to the text's
 * own characters. An agent's model writes LF targets; TunaCode found them in a CRLF file because it read
 * the file that way, then wrote the whole file back with LF. Here a target is found in this view and
 * replaced in the text itself, so the file keeps its own line ends.
 */
final class LfView {

  private final String raw;
  private final String lf;
  private final int[] rawIndex;

  private LfView(String raw, String lf, int[] rawIndex) {
    this.raw = raw;
    this.lf = lf;
    this.rawIndex = rawIndex;
  }

  static LfView of(String raw) {
    StringBuilder lf = new StringBuilder(raw.length());
    int[] rawIndex = new int[raw.length() + 1];
    int i = 0;
    while (i < raw.length()) {
      rawIndex[lf.length()] = i;
      char c = raw.charAt(i);
      if (c == '\r') {
        lf.append('\n');
        i += i + 1 < raw.length() && raw.charAt(i + 1) == '\n' ? 2 : 1;
      } else {
        lf.append(c);
        i++;
      }
    }
    rawIndex[lf.length()] = raw.length();
    return new LfView(raw, lf.toString(), rawIndex);
  }

  /** @return the text with LF line ends */
  String text() {
    return lf;
  }

  /**
   * Replaces the first {@code count} occurrences, found in this view at {@code at}, in the text itself. The
   * patch's line ends become those of the text it replaces, or of the file when that text has none.
   */
  String replace(int[] at, int count, int targetLength, String patch) {
    String lfPatch = TextChecks.universalNewlines(patch);
    String fileEnd = raw.contains("\r\n") && raw.replace("\r\n", "").indexOf('\n') < 0 ? "\r\n" : "\n";
    StringBuilder out = new StringBuilder(raw.length() + count * Math.max(0, patch.length() - targetLength) * 2);
    int from = 0;
    for (int k = 0; k < count; k++) {
      int start = rawIndex[at[k]];
      int end = rawIndex[at[k] + targetLength];
      String replaced = raw.substring(start, end);
      String lineEnd = replaced.contains("\r\n") ? "\r\n" : replaced.indexOf('\n') >= 0 ? "\n" : fileEnd;
      out.append(raw, from, start).append(lineEnd.equals("\n") ? lfPatch : lfPatch.replace("\n", lineEnd));
      from = end;
    }
    return out.append(raw, from, raw.length()).toString();
  }
}
