package dev.tunacode.core.cache;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When each part of a workspace's tree last changed, as a logical clock, so that a cached result can
 * tell whether anything it covers has changed since it was computed.
 * <p>
 * A result computed from {@link #now()} onwards is still true while {@link #staleSince} finds nothing for
 * its paths: nothing at or under any of them changed, no folder above them was itself created, deleted
 * or renamed, and the whole tree was not dropped ({@link #changedEverything}). The clock is read
 * before a result is computed, so a change made while it was computed, or made before and recorded
 * after, counts as later and the result is not served.
 * <p>
 * Memory is bounded: past {@code maxPaths} remembered paths the record is forgotten and the whole tree
 * counts as changed, which costs hits but never serves a stale result. Thread-safe: the watcher, the
 * host's writes and the lookups record and read it from any thread.
 */
public final class TreeGenerations {

  private final Path root;
  private final int maxPaths;
  private final AtomicLong clock = new AtomicLong();
  /** Every change after this one is recorded in the maps; everything at or before it counts as changed. */
  private volatile long floor;
  private volatile Cause floorCause = Cause.LOST;
  /**
   * The last start or end of a command: results from before it are not served (a command may change anything),
   * but the maps still hold every change the watcher and the host's writes recorded across it.
   */
  private volatile long commandFloor;
  /** The newest change at or under each path. */
  private final ConcurrentHashMap<Path, Long> under = new ConcurrentHashMap<>();
  /** The newest change of each path itself (it was created, deleted, renamed or written). */
  private final ConcurrentHashMap<Path, Long> self = new ConcurrentHashMap<>();
  /** The newest of the host's own writes at or under each path: it tells a write from its echo in the watcher. */
  private final ConcurrentHashMap<Path, Long> written = new ConcurrentHashMap<>();
  /** Told after each change is recorded. */
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param root     the workspace's real root; changes outside it are not recorded apart
   * @param maxPaths how many paths it may remember before it forgets them all
   */
  public TreeGenerations(Path root, int maxPaths) {
    if (maxPaths < 1) {
      throw new IllegalArgumentException("maxPaths must be positive, was " + maxPaths);
    }
    this.root = root;
    this.maxPaths = maxPaths;
  }

  /** @return the clock; read it before computing a result that is to be cached */
  public long now() {
    return clock.get();
  }

  /**
   * Records that a path changed: a file written, created or deleted, a folder created, deleted or
   * renamed. A path outside the root counts as a change of everything.
   */
  public void changed(Path path, Cause cause) {
    Path normal = path.normalize();
    if (!normal.startsWith(root)) {
      changedEverything(cause);
      return;
    }
    long at = clock.incrementAndGet();
    self.merge(normal, at, Math::max);
    for (Path p = normal; p != null && p.startsWith(root); p = p.getParent()) {
      under.merge(p, at, Math::max);
      if (cause == Cause.WRITE) {
        written.merge(p, at, Math::max);
      }
    }
    if (under.size() + written.size() > maxPaths) {
      changedEverything(Cause.LOST);
    }
    told();
  }

  /**
   * Records that anything may have changed: a command started or ended, the watcher overflowed or was lost.
   * A command's changes are recorded one by one as well, by the watcher; the others' are lost.
   */
  public void changedEverything(Cause cause) {
    long at = clock.incrementAndGet();
    if (cause == Cause.COMMAND) {
      commandFloor = at;
      told();
      return;
    }
    floorCause = cause;
    floor = at;
    // Values recorded after the floor was raised stay: they are later than it and true.
    under.values().removeIf(value -> value <= at);
    self.values().removeIf(value -> value <= at);
    written.values().removeIf(value -> value <= at);
    told();
  }

  /** @param changed told after each change is recorded, on the thread that recorded it: quick, never blocking */
  public void listen(Runnable changed) {
    listeners.add(changed);
  }

  private void told() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  /**
   * @param asOf  what {@link #now()} said before the result was computed
   * @param paths the real paths the result covers (a file, or a folder and everything under it)
   * @return null when nothing that could change the result has changed since, else why it may have
   */
  public Cause staleSince(long asOf, Iterable<Path> paths) {
    if (floor > asOf) {
      return floorCause;
    }
    if (commandFloor > asOf) {
      return Cause.COMMAND;
    }
    // Nothing recorded since: every change in the maps is at or before asOf, so only the root is left to check.
    boolean quiet = clock.get() == asOf;
    for (Path path : paths) {
      Path normal = path.normalize();
      if (!normal.startsWith(root)) {
        return Cause.LOST;
      }
      if (quiet) {
        continue;
      }
      if (later(under, normal, asOf)) {
        return later(written, normal, asOf) ? Cause.WRITE : Cause.OUTSIDE;
      }
      for (Path above = normal.getParent(); above != null && above.startsWith(root); above = above.getParent()) {
        if (later(self, above, asOf)) {
          return Cause.OUTSIDE;
        }
      }
    }
    // Read again: everything changing while the paths were checked empties the maps under this check.
    return floor > asOf ? floorCause : null;
  }

  /**
   * What changed at or under one path since a clock reading, for a tree kept in memory and looked at
   * again from its top: a path whose folder above changed itself is looked at again with that folder.
   * A command is not a change here: what it did was recorded path by path, as the watcher saw it.
   *
   * @param path a real path under the root, normalised
   */
  public TreeChanges.Change changeSince(long asOf, Path path) {
    if (floor > asOf) {
      return TreeChanges.Change.UNKNOWN;
    }
    TreeChanges.Change change = clock.get() == asOf ? TreeChanges.Change.NONE
      : later(self, path, asOf) ? TreeChanges.Change.ITSELF
      : later(under, path, asOf) ? TreeChanges.Change.BELOW : TreeChanges.Change.NONE;
    // Read again: everything changing while the maps were read empties them under this look.
    return floor > asOf ? TreeChanges.Change.UNKNOWN : change;
  }

  /** @return how many paths it remembers, for tests and metrics */
  public int rememberedPaths() {
    return under.size();
  }

  private static boolean later(ConcurrentHashMap<Path, Long> map, Path path, long asOf) {
    Long at = map.get(path);
    return at != null && at > asOf;
  }
}
