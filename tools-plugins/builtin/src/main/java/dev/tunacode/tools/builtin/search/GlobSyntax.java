package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns glob syntax into regular expressions: {@code *} (not across '/'), {@code ?}, {@code [...]},
 * {@code **} (any number of folders), and brace groups {@code {a,b}}, all of them, nested too.
 */
final class GlobSyntax {

  /** The most patterns one glob's brace groups may stand for. */
  static final int MAX_ALTERNATIVES = 1024;
  /** The deepest brace groups may nest: each level is a pass over the pattern. */
  static final int MAX_DEPTH = 32;
  /** The most characters the patterns of one glob may come to, all together. */
  static final long MAX_EXPANDED_CHARS = 1 << 20;

  /** A glob whose brace groups stand for too much: too many patterns, too long, or nested too deep. */
  static final class TooManyAlternatives extends IllegalArgumentException {
    TooManyAlternatives(String pattern) {
      this(pattern, "stands for more than " + MAX_ALTERNATIVES + " patterns through its {a,b} groups");
    }

    private TooManyAlternatives(String pattern, String what) {
      super("The glob '" + shorten(pattern) + "' " + what + ". Use fewer groups, or a broader pattern such as *.{java,kt}, "
        + "and filter the results.");
    }
  }

  private GlobSyntax() {
  }

  /**
   * @return every pattern the brace groups stand for, in order
   * @throws TooManyAlternatives past {@link #MAX_ALTERNATIVES}, found after at most that many: a few
   * groups multiply fast (nineteen {a,b} make half a million)
   */
  static List<String> expandBraces(String pattern) {
    int depth = depth(pattern);
    if (depth > MAX_DEPTH) {
      throw new TooManyAlternatives(pattern, "nests its {a,b} groups " + depth + " deep, more than " + MAX_DEPTH);
    }
    List<String> expanded = new ArrayList<>();
    expand(pattern, pattern, expanded);
    return expanded;
  }

  private static int depth(String pattern) {
    int depth = 0;
    int deepest = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == '}' && depth > 0) {
        depth--;
      }
    }
    return deepest;
  }

  private static void expand(String original, String pattern, List<String> into) {
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
        String prefix = pattern.substring(0, open);
        String suffix = pattern.substring(i + 1);
        for (String alternative : splitTopLevel(pattern.substring(open + 1, i))) {
          expand(original, prefix + alternative + suffix, into);
        }
        return;
      }
    }
    if (into.size() == MAX_ALTERNATIVES) {
      throw new TooManyAlternatives(original);
    }
    // No expansion is longer than the glob, so this bounds what the expansions take together.
    if ((long) (into.size() + 1) * original.length() > MAX_EXPANDED_CHARS
      && into.stream().mapToLong(String::length).sum() + pattern.length() > MAX_EXPANDED_CHARS) {
      throw new TooManyAlternatives(original, "stands for patterns of more than " + MAX_EXPANDED_CHARS + " characters in all");
    }
    into.add(pattern);
  }

  // Java reads '[', '&&' and a '^' past the start inside a class as operators; in a glob they are characters.
  private static String charClass(String body) {
    StringBuilder regex = new StringBuilder("[");
    int start = 0;
    if (body.startsWith("!") || body.startsWith("^")) {
      regex.append('^');
      start = 1;
    }
    for (int i = start; i < body.length(); i++) {
      char c = body.charAt(i);
      if ("[]&\\^".indexOf(c) >= 0) {
        regex.append('\\');
      }
      regex.append(c);
    }
    return regex.append(']').toString();
  }

  private static String shorten(String pattern) {
    return pattern.length() > 80 ? pattern.substring(0, 77) + "..." : pattern;
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
            regex.append(charClass(glob.substring(i + 1, close)));
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
