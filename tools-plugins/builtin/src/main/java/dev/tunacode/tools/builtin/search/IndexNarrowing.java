package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.cache.FileStamp;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the content index says of each file one grep walks: the result of a file it need not read, which
 * is what reading it would give, and the files it does not know as they are now, to learn them again.
 */
final class IndexNarrowing {

  /** A file the index does not know as it is: its path below the workspace's root, and its stamp now. */
  record Unknown(String path, FileStamp stamp) {
  }

  private final ContentIndex.Lookup lookup;
  private final String prefix;
  private final ConcurrentLinkedQueue<Unknown> unknown = new ConcurrentLinkedQueue<>();
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
        unknown.add(new Unknown(path, file.stamp()));
        yield null;
      }
      case SEARCH -> null;
    };
  }

  /** @return true when the grep walked the workspace's root */
  boolean atRoot() {
    return prefix.isEmpty();
  }

  /** @return the files read because the index did not know them as they are */
  List<Unknown> unknown() {
    return List.copyOf(unknown);
  }

  /** @return how many files were not read */
  int passedOver() {
    return passedOver.get();
  }
}
