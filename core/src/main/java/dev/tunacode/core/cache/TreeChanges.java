package dev.tunacode.core.cache;

import java.nio.file.Path;

/**
 * What changed in a workspace's tree since a reading of its clock, told by the watcher of the result
 * cache: for a plugin on the host's class path that keeps something of the tree in memory (the built-in
 * tools' file tree) and must know, before each use, which parts of it to look at again.
 * <p>
 * A change finished before {@link #now()} returned is recorded by then (the watcher's bound is zero); one
 * made after has a later clock. A command's changes are recorded as the watcher sees them, like anyone's. A
 * file written through a memory mapping gives no event for the writes, but one when it is closed after being
 * opened for writing, which a command's processes do by their end at the latest; since {@link #now()} tells
 * nothing while a command runs, nothing kept can date from between that event and the writes.
 */
public interface TreeChanges {

  /** What changed at or under a path since a clock reading. */
  enum Change {
    /** Nothing at or under it. */
    NONE,
    /** Something under it, or the path itself was written; the path is still what it was (not created, deleted or renamed). */
    BELOW,
    /** The path itself was created, deleted or renamed, or its attributes changed: all under it must be looked at again. */
    ITSELF,
    /** The record was lost (an overflow, the watcher's trust, too many paths): everything must be looked at again. */
    UNKNOWN
  }

  /**
   * Takes in every change the kernel has reported, then reads the clock. Blocking: on the pool only.
   *
   * @return the clock, or -1 when changes cannot be told now (no trusted watcher, a command running); then
   *         whatever is kept of the tree must not be used
   */
  long now();

  /**
   * @param asOf what {@link #now()} said before the path was looked at
   * @param path a real path under the workspace's root
   */
  Change since(long asOf, Path path);

  /** @return true while a command runs in the workspace, when {@link #now()} tells nothing; no I/O */
  boolean commandRunning();

  /**
   * Asks to be told of every change as it is recorded, to keep something up to date in the background.
   *
   * @param changed called on the thread that recorded the change (the watcher's, an event loop's): it must
   *                be quick and must not block; it is told that something changed, not what
   */
  void listen(Runnable changed);
}
