package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * TunaCode's glob matching, ignoring case: a pattern with {@code **} or a '/' is matched against the path
 * relative to the search root, any other against the file name at any depth. Every brace group counts.
 */
final class GlobMatcher implements Predicate<String> {

  private final List<Pattern> onPath = new ArrayList<>();
  private final List<Pattern> onName = new ArrayList<>();

  GlobMatcher(String pattern) {
    for (String glob : GlobSyntax.expandBraces(pattern)) {
      String trimmed = glob.startsWith("./") ? glob.substring(2) : glob;
      Pattern compiled = Pattern.compile(GlobSyntax.toRegex(trimmed), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      (trimmed.contains("/") || trimmed.contains("**") ? onPath : onName).add(compiled);
    }
  }

  /** @param relative a '/'-separated path relative to the search root */
  @Override
  public boolean test(String relative) {
    for (Pattern pattern : onPath) {
      if (pattern.matcher(relative).matches()) {
        return true;
      }
    }
    if (!onName.isEmpty()) {
      String name = relative.substring(relative.lastIndexOf('/') + 1);
      for (Pattern pattern : onName) {
        if (pattern.matcher(name).matches()) {
          return true;
        }
      }
    }
    return false;
  }
}
