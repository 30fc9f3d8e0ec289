package dev.tunacode.core.cache;

/**
 * Why cached results stopped being true, for the metrics of invalidations.
 */
public enum Cause {
  /** A write or update of the host's. */
  WRITE,
  /** A command ran: it may have changed anything. */
  COMMAND,
  /** A change the host did not make, reported by the watcher (an editor, git, another process). */
  OUTSIDE,
  /** The watcher lost track (its queue overflowed, the root went away, it walked the tree again) or the record was full. */
  LOST;

  /** @return the name as metrics tag it */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
