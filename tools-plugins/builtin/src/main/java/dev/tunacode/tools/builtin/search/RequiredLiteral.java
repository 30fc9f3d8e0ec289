package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the literals that every match of a regular expression must contain, to skip files without them.
 * It gives up (none) on alternation and inline flags, never counts a character a quantifier makes
 * optional, and takes nothing from an escape sequence ({@code \x41}, {@code \p{Lu}}, {@code \Q…\E}) or
 * from inside a group, a class or a repetition's bounds.
 */
final class RequiredLiteral {

  private RequiredLiteral() {
  }

  /** @return the longest of the literals every match holds, or null when there is none */
  static String of(String regex) {
    String best = null;
    for (String literal : all(regex)) {
      if (best == null || literal.length() > best.length()) {
        best = literal;
      }
    }
    return best;
  }

  /** @return every literal every match holds, in the order they appear; none when it cannot tell */
  static List<String> all(String regex) {
    if (regex.contains("(?")) {
      return List.of();
    }
    List<String> runs = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '|') {
        return List.of();
      }
      if (c == '\\') {
        end(runs, run);
        i = afterEscape(regex, i + 1) - 1;
        continue;
      }
      if (c == '[') {
        end(runs, run);
        i = afterClass(regex, i) - 1;
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
      if (c == '{') {
        end(runs, run);
        int close = regex.indexOf('}', i);
        i = close < 0 ? regex.length() : close;
        continue;
      }
      if (".^$()?*+}".indexOf(c) >= 0 || depth > 0) {
        end(runs, run);
        continue;
      }
      run.append(c);
    }
    end(runs, run);
    return runs;
  }

  private static void end(List<String> runs, StringBuilder run) {
    if (run.length() > 0) {
      runs.add(run.toString());
      run.setLength(0);
    }
  }

  // Where the escape that starts at 'at' (the character after the backslash) ends.
  private static int afterEscape(String regex, int at) {
    if (at >= regex.length()) {
      return at;
    }
    char c = regex.charAt(at);
    int next = at + 1;
    return switch (c) {
      case 'u' -> Math.min(regex.length(), next + 4);
      case 'x' -> braced(regex, next, '{', '}', next + 2);
      case 'p', 'P', 'N' -> braced(regex, next, '{', '}', next + 1);
      case 'k' -> braced(regex, next, '<', '>', next);
      case 'c' -> Math.min(regex.length(), next + 1);
      case 'Q' -> {
        int end = regex.indexOf("\\E", next);
        yield end < 0 ? regex.length() : end + 2;
      }
      default -> {
        int end = next;
        while (Character.isDigit(c) && end < regex.length() && Character.isDigit(regex.charAt(end))) {
          end++;
        }
        yield end;
      }
    };
  }

  private static int braced(String regex, int at, char open, char close, int otherwise) {
    if (at < regex.length() && regex.charAt(at) == open) {
      int end = regex.indexOf(close, at);
      return end < 0 ? regex.length() : end + 1;
    }
    return Math.min(regex.length(), otherwise);
  }

  // Where the class that opens at 'at' closes: escapes and nested classes inside it count.
  private static int afterClass(String regex, int at) {
    int depth = 0;
    for (int i = at; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && i > at + 1 && !(i == at + 2 && regex.charAt(at + 1) == '^')) {
        if (--depth == 0) {
          return i + 1;
        }
      }
    }
    return regex.length();
  }
}
