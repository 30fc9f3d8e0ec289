package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * grep's include and exclude patterns: comma lists of globs on the file name, ignoring case, with brace
 * groups (`*.java,*.kt` or `*.{java,kt}`).
 */
final class FileFilter implements Predicate<String> {

  private final List<GlobMatcher> include = new ArrayList<>();
  private final List<GlobMatcher> exclude = new ArrayList<>();

  /** @param deadline when matching gives up, as {@link GlobMatcher} does */
  FileFilter(String includes, String excludes, Deadline deadline) {
    add(include, includes, deadline);
    add(exclude, excludes, deadline);
  }

  private static void add(List<GlobMatcher> into, String list, Deadline deadline) {
    if (list == null || list.isBlank()) {
      return;
    }
    for (String pattern : GlobSyntax.splitTopLevel(list)) {
      if (!pattern.isBlank()) {
        into.add(new GlobMatcher(pattern.trim(), deadline));
      }
    }
  }

  /** @return true when it lets every file through: no include and no exclude pattern */
  boolean acceptsAll() {
    return include.isEmpty() && exclude.isEmpty();
  }

  @Override
  public boolean test(String relative) {
    if (!include.isEmpty() && include.stream().noneMatch(m -> m.test(relative))) {
      return false;
    }
    return exclude.stream().noneMatch(m -> m.test(relative));
  }
}
