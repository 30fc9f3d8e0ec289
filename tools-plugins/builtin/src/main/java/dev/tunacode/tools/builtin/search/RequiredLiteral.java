package dev.tunacode.tools.builtin.search;

/**
 * Finds a literal that every match of a regular expression must contain, to skip files without it. It
 * gives up (null) on alternation, and never returns a character a quantifier makes optional.
 */
final class RequiredLiteral {

  private RequiredLiteral() {
  }

  static String of(String regex) {
    if (regex.contains("(?")) {
      return null;
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '|') {
        return null;
      }
      if (c == '\\') {
        best = longer(best, run);
        run.setLength(0);
        i++;
        continue;
      }
      if (c == '[') {
        best = longer(best, run);
        run.setLength(0);
        int close = regex.indexOf(']', i + 2);
        i = close < 0 ? regex.length() : close;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if ("?*{".indexOf(c) >= 0 && run.length() > 0) {
        run.setLength(run.length() - 1);
      }
      if (".^$()?*+{}".indexOf(c) >= 0 || depth > 0) {
        best = longer(best, run);
        run.setLength(0);
        continue;
      }
      run.append(c);
    }
    best = longer(best, run);
    return best.isEmpty() ? null : best;
  }

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }
}
