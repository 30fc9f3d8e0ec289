package dev.tunacode.tools.builtin.search;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the content index says of each file one grep walks: the result of a file it need not read, which
 * is what reading it would give, and whether it met files the index does not know as they are now.
 */
final class IndexNarrowing {

  private final ContentIndex.Lookup lookup;
  private final String prefix;
  private volatile boolean metUnknown;
  private final AtomicInteger passedOver = new AtomicInteger();

  /** @param prefix the grep's folder below the workspace's root, "" for the root */
  IndexNarrowing(ContentIndex.Lookup lookup, String prefix) {
    this.lookup = lookup;
    this.prefix = prefix;
  }

  /** @return the file's result without reading it, or null when it must be read */
  FileScan.Result withoutReading(TreeWalker.Found file) {
    if (file.stamp() == null) {
      return null;
    }
    String path = prefix.isEmpty() ? file.relative() : prefix + "/" + file.relative();
    return switch (lookup.verdict(path, file.stamp())) {
      case NO_MATCH -> {
        passedOver.incrementAndGet();
        yield FileScan.Result.NOTHING;
      }
      case BINARY -> {
        passedOver.incrementAndGet();
        yield FileScan.Result.SKIPPED;
      }
      case UNKNOWN -> {
        metUnknown = true;
        yield null;
      }
      case SEARCH -> null;
    };
  }

  /** @return true when a file was read because the index did not know it as it is */
  boolean metUnknown() {
    return metUnknown;
  }

  /** @return how many files were not read */
  int passedOver() {
    return passedOver.get();
  }
}
