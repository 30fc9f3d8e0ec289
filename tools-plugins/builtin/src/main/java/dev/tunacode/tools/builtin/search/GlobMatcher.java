package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * TunaCode's glob matching, ignoring case: a pattern with {@code **} or a '/' is matched against the path
 * relative to the search root, any other against the file name at any depth. Every brace group counts.
 * {@code **}/ followed by a name pattern is a name pattern, {@code *.ext} is a suffix test, and a name
 * pattern of ASCII literal parts and stars is matched part by part, which keeps the common cases off the
 * regex engine.
 */
final class GlobMatcher implements Predicate<String> {

  private final List<Pattern> onPath = new ArrayList<>();
  private final List<Pattern> onName = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  /** Name patterns of literal parts and stars only ({@code *Deque*.java}), each split at its stars. */
  private final List<String[]> starred = new ArrayList<>();
  private final Deadline deadline;

  /**
   * @param deadline      past which matching throws {@link DeadlineChars.Expired}
   * @throws java.util.regex.PatternSyntaxException when a part of it is not a valid glob
   * @throws GlobSyntax.TooManyAlternatives when its brace groups stand for too many patterns
   */
  GlobMatcher(String pattern, Deadline deadline) {
    this.deadline = deadline;
    for (String glob : GlobSyntax.expandBraces(pattern)) {
      String trimmed = glob.startsWith("./") ? glob.substring(2) : glob;
      while (trimmed.startsWith("**/") && !trimmed.substring(3).contains("/") && !trimmed.substring(3).contains("**")) {
        trimmed = trimmed.substring(3);
      }
      boolean onPathToo = trimmed.contains("/") || trimmed.contains("**");
      if (!onPathToo && trimmed.startsWith("*") && isLiteral(trimmed.substring(1))) {
        suffixes.add(trimmed.substring(1).toLowerCase(Locale.ROOT));
        continue;
      }
      if (!onPathToo && isLiteral(trimmed.replace("*", ""))) {
        starred.add(trimmed.split("\\*", -1));
        continue;
      }
      Pattern compiled = Pattern.compile(GlobSyntax.toRegex(trimmed), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      (onPathToo ? onPath : onName).add(compiled);
    }
  }

  private static boolean isLiteral(String text) {
    for (int i = 0; i < text.length(); i++) {
      if ("*?[]\\{}".indexOf(text.charAt(i)) >= 0 || text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** @param relative a '/'-separated path relative to the search root */
  @Override
  public boolean test(String relative) {
    for (String suffix : suffixes) {
      if (relative.regionMatches(true, relative.length() - suffix.length(), suffix, 0, suffix.length())
        && relative.lastIndexOf('/') < relative.length() - suffix.length()) {
        return true;
      }
    }
    if (!starred.isEmpty()) {
      int name = relative.lastIndexOf('/') + 1;
      for (String[] parts : starred) {
        if (starred(relative, name, parts)) {
          return true;
        }
      }
    }
    if (!onPath.isEmpty()) {
      DeadlineChars path = new DeadlineChars(deadline).of(relative);
      for (Pattern pattern : onPath) {
        if (pattern.matcher(path).matches()) {
          return true;
        }
      }
    }
    if (!onName.isEmpty()) {
      DeadlineChars name = new DeadlineChars(deadline).of(relative.substring(relative.lastIndexOf('/') + 1));
      for (Pattern pattern : onName) {
        if (pattern.matcher(name).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  // The parts between stars in order, without case, each at the first place it fits: with stars alone
  // between them that is a match if any placement is. The first part starts the name, the last ends it.
  private static boolean starred(String path, int name, String[] parts) {
    String first = parts[0];
    if (parts.length == 1) {
      return path.length() - name == first.length() && path.regionMatches(true, name, first, 0, first.length());
    }
    String last = parts[parts.length - 1];
    int from = name + first.length();
    int to = path.length() - last.length();
    if (to < from || !path.regionMatches(true, name, first, 0, first.length()) || !path.regionMatches(true, to, last, 0, last.length())) {
      return false;
    }
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i];
      int at = from;
      // A character matches another without case only if both fold alike: a cheap test before the whole part's.
      char folded = part.isEmpty() ? 0 : fold(part.charAt(0));
      while (at + part.length() <= to && (!part.isEmpty() && fold(path.charAt(at)) != folded
        || !path.regionMatches(true, at, part, 0, part.length()))) {
        at++;
      }
      if (at + part.length() > to) {
        return false;
      }
      from = at + part.length();
    }
    return true;
  }

  private static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }
}
