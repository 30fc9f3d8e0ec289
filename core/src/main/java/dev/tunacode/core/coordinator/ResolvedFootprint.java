package dev.tunacode.core.coordinator;

import java.nio.file.Path;
import java.util.List;

/**
 * A call's footprint with every path resolved to a real path, ready to compare.
 */
record ResolvedFootprint(boolean everything, List<Path> reads, List<Path> writes) {

  static final ResolvedFootprint NONE = new ResolvedFootprint(false, List.of(), List.of());
  static final ResolvedFootprint EVERYTHING = new ResolvedFootprint(true, List.of(), List.of());

  boolean isEmpty() {
    return !everything && reads.isEmpty() && writes.isEmpty();
  }

  /** Two calls conflict when one of them writes a path the other touches, or either may touch anything. */
  boolean conflictsWith(ResolvedFootprint other) {
    if (everything || other.everything) {
      return true;
    }
    return anyOverlap(writes, other.writes) || anyOverlap(writes, other.reads) || anyOverlap(reads, other.writes);
  }

  private static boolean anyOverlap(List<Path> left, List<Path> right) {
    for (Path a : left) {
      for (Path b : right) {
        if (a.startsWith(b) || b.startsWith(a)) {
          return true;
        }
      }
    }
    return false;
  }
}
