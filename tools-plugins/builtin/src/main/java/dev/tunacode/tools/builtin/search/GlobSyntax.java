package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns glob syntax into regular expressions: {@code *} (not across '/'), {@code ?}, {@code [...]},
 * {@code **} (any number of folders), and brace groups {@code {a,b}}, all of them, nested too.
 */
final class GlobSyntax {

  private GlobSyntax() {
  }

  /** @return every pattern the brace groups stand for, in order */
  static List<String> expandBraces(String pattern) {
    int open = -1;
    int depth = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        if (depth++ == 0) {
          open = i;
        }
      } else if (c == '}' && depth > 0 && --depth == 0) {
        List<String> expanded = new ArrayList<>();
        String prefix = pattern.substring(0, open);
        String suffix = pattern.substring(i + 1);
        for (String alternative : splitTopLevel(pattern.substring(open + 1, i))) {
          expanded.addAll(expandBraces(prefix + alternative + suffix));
        }
        return expanded;
      }
    }
    return List.of(pattern);
  }

  /** Splits at commas outside brace groups: the comma lists of include and exclude patterns. */
  static List<String> splitTopLevel(String body) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(body.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(body.substring(start));
    return parts;
  }

  /**
   * @param glob a glob without brace groups
   * @return a regular expression for the whole of a path or name
   */
  static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
            boolean atStart = i == 0 || glob.charAt(i - 1) == '/';
            if (atStart && slashAfter) {
              regex.append("(?:.*/)?");
              i += 2;
            } else {
              regex.append(".*");
              i += 1;
            }
          } else {
            regex.append("[^/]*");
          }
        }
        case '?' -> regex.append("[^/]");
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            regex.append("\\[");
          } else {
            String body = glob.substring(i + 1, close);
            if (body.startsWith("!")) {
              body = "^" + body.substring(1);
            }
            regex.append('[').append(body.replace("\\", "\\\\")).append(']');
            i = close;
          }
        }
        case '\\' -> {
          if (i + 1 < glob.length()) {
            regex.append(java.util.regex.Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        default -> {
          if ("().+^$|{}".indexOf(c) >= 0) {
            regex.append('\\');
          }
          regex.append(c);
        }
      }
    }
    return regex.toString();
  }
}
