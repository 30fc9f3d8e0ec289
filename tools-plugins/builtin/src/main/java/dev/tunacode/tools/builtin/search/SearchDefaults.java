package dev.tunacode.tools.builtin.search;

import java.util.Set;

/**
 * Folder names TunaCode's search tools never enter.
 */
final class SearchDefaults {

  static final Set<String> GREP_SKIPPED = Set.of("node_modules", ".git", "__pycache__", ".venv", "venv", "dist", "build",
    ".pytest_cache", ".mypy_cache", ".tox", "target");

  static final Set<String> GLOB_SKIPPED = Set.of("node_modules", ".git", "__pycache__", ".venv", "venv", "dist", "build",
    ".pytest_cache", ".mypy_cache", ".tox", "target", ".next", ".nuxt", "coverage", ".coverage");

  /** Helper pool threads a search adds to its own: the machines this runs on have few cores. */
  static final int HELPERS = Integer.getInteger("tunacode.searchHelpers", Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors())));

  static final long DEFAULT_TIMEOUT_MS = 10_000;

  /** The last line of a search's text when its time budget cut it short. */
  static final String CANCELLED_NOTE = "[Search cancelled; results are partial.]";
  static final String TIME_BUDGET_NOTE = "[Search stopped at its time budget; results are partial. Narrow the search or raise timeout_ms.]";

  /** The last line of a search's text when its output reached the host's budget for one call's output. */
  static String sizeBudgetNote(long budget) {
    return "[Results cut at about " + budget + " characters, this host's limit for one call's output; narrow the search "
      + "(a more specific pattern, include_files, a smaller folder) or ask for fewer results.]";
  }

  private SearchDefaults() {
  }
}
