package dev.tunacode.core.cache;

import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.os.Stat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code stat} says of a file: enough to tell, on a cache hit, that it is the file a result was
 * read from, unchanged.
 * <p>
 * The change time is in it because no program can set it back, as {@code touch -d} or {@code cp -p} can
 * the modification time. Both times tick coarsely (every 4 ms on this project's Linux machines, a kernel
 * tick), so two writes of the same size within one tick leave the same stamp: a stamp is only
 * {@link #settled} once both times are a margin older than the clock, and a result read from a file
 * whose stamp had not settled is not cached.
 *
 * @param folder true for a folder, whose times move only when an entry directly in it is added or removed
 * @param device with {@code inode}, which file it is, whatever its name: a file replaced by a rename is another
 */
public record FileStamp(boolean folder, long size, long modifiedNanos, long changedNanos, long device, long inode) {

  /** Longer than any kernel tick (10 ms at HZ=100), so that a later write always moves a settled stamp. */
  public static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * Stats a path, following symbolic links, as a read of it would: one {@code statx}. Blocking: on the pool only.
   *
   * @return its stamp
   * @throws PosixException when it cannot be stat'ed (gone, not allowed)
   */
  public static FileStamp of(Path path) throws PosixException {
    return of(Posix.stat(path.toString()));
  }

  /** @return the stamp of what a stat said */
  public static FileStamp of(Stat stat) {
    return new FileStamp(stat.isDirectory(), stat.size(), stat.modifiedNanos(), stat.changedNanos(), stat.device(), stat.inode());
  }

  /** @return the stamp, or null when the path cannot be stat'ed */
  public static FileStamp orNull(Path path) {
    try {
      return of(path);
    } catch (PosixException e) {
      return null;
    }
  }

  /**
   * @param wallNanos the wall clock, in nanoseconds since the epoch, when the stamp was taken
   * @return true when a later change of the file is sure to give a different stamp
   */
  public boolean settled(long wallNanos) {
    return modifiedNanos <= wallNanos - SETTLE_NANOS && changedNanos <= wallNanos - SETTLE_NANOS;
  }

  /** @return the wall clock in the stamps' unit */
  public static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }
}
