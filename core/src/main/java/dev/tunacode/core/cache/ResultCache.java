package dev.tunacode.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.tunacode.core.coordinator.ResultSize;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * One workspace's cached read-only results, kept true by the host's writes, its commands and a watcher
 * of the tree.
 * <p>
 * Nothing is evicted when something changes: a result keeps the clock of {@link TreeGenerations} from
 * before it was computed and the stamps of its files, and a hit checks, after taking in the watcher's
 * events, that nothing it covers has changed since. A result is only kept when that already held once
 * it had been computed and its files' stamps had settled ({@link FileStamp#settled}), so a change in
 * the middle of computing it is never kept either. While a command runs, nothing is served or kept.
 */
public final class ResultCache implements AutoCloseable {

  /** What an entry holds besides its output and its key's arguments: paths, stamps, the key's tool. */
  private static final long KEY_OVERHEAD = 256;

  /**
   * What was true when a result began to be computed: checked again before it is kept.
   *
   * @param asOf      the generations' clock
   * @param wallNanos the wall clock, for {@link FileStamp#settled}
   * @param commands  true when a command was running: such a result is never kept
   */
  public record Ticket(long asOf, long wallNanos, boolean commands) {
  }

  private final Workspace workspace;
  private final WorkspaceChanges changes;
  private final TreeGenerations tree;
  private final TreeWatcher watcher;
  private final Cache<CacheKey, CachedResult> results;
  private final CacheListener listener;
  private final long maxBytes;

  private ResultCache(Workspace workspace, WorkspaceChanges changes, long maxBytes, CacheListener listener) {
    this.workspace = workspace;
    this.changes = changes;
    this.tree = changes.tree();
    this.watcher = changes.watch();
    this.maxBytes = maxBytes;
    this.listener = listener;
    this.results = Caffeine.newBuilder()
      .maximumWeight(maxBytes)
      .weigher((CacheKey key, CachedResult held) -> (int) Math.min(Integer.MAX_VALUE, held.bytes()))
      // Maintenance on the thread that reads or writes: the common fork-join pool is not ours to use.
      .executor(Runnable::run)
      .removalListener(this::removed)
      .build();
  }

  /**
   * Starts a workspace's cache, and its watcher if none has started. Blocking: not on an event loop.
   *
   * @param maxBytes the weight its results may take: its share of {@code cache.maxBytes}
   * @return the cache, or null when the workspace is on a network file system, whose changes made on
   *         another machine reach no watcher here (the reason is logged)
   */
  public static ResultCache open(Workspace workspace, WorkspaceChanges changes, long maxBytes, CacheListener listener) {
    if (changes.remote()) {
      return null; // the watcher logged why
    }
    return new ResultCache(workspace, changes, maxBytes, listener);
  }

  /** @return true when a result is held for the key, true or not; no I/O, so an event loop may ask */
  public boolean holds(CacheKey key) {
    return results.getIfPresent(key) != null;
  }

  /** @return what is true now, for a result about to be computed; no I/O */
  public Ticket ticket() {
    return new Ticket(tree.now(), FileStamp.wallNanos(), changes.commandRunning());
  }

  /**
   * A result found still true.
   *
   * @param output a copy of its top level
   * @param weight about its size, for the call's output budget
   * @param clock  the generations' clock when it was found true: it still is while {@link #quietSince} says so
   */
  public record Served(JsonObject output, long weight, long clock) {
  }

  /**
   * Serves the result held for the key if nothing it covers has changed, or drops it. Blocking: on the pool.
   *
   * @param footprint the call's footprint, whose paths are resolved again: a link may lead elsewhere now
   * @return the result, or null
   */
  public Served hit(CacheKey key, Footprint footprint) {
    catchUp();
    return hitCaughtUp(key, footprint);
  }

  /**
   * {@link #hit} for a call that arrived before {@link #catchUp} was last called: the lookups of a chunk of
   * calls take the watcher's events in once, not once each (a {@code poll} of its descriptor).
   */
  public Served hitCaughtUp(CacheKey key, Footprint footprint) {
    CachedResult held = results.getIfPresent(key);
    if (held == null) {
      return null;
    }
    long clock = tree.now();
    // Without a symlink on the way, a trusted watcher would have recorded any change that could make the paths
    // lead elsewhere now: one stat a path is enough. Otherwise they are walked again.
    Coverage now = held.direct() && watching() ? Coverage.again(workspace, held, footprint) : Coverage.of(workspace, footprint);
    Cause stale = staleness(held, now);
    if (stale != null) {
      if (results.asMap().remove(key, held)) {
        listener.invalidated(held.tool(), stale, held.bytes());
      }
      return null;
    }
    return new Served(copy(held.output()), held.weight(), clock);
  }

  /**
   * Whether nothing has changed since a result was found true, told without waiting or a system call: no
   * change recorded since, no command running, the watcher still trusted. Never blocks, so an event loop
   * may ask; false sends the call back to the pool to be looked up again.
   * <p>
   * A change from outside that the kernel has queued and the watcher's thread has not yet taken in is not
   * looked for: the result was found true after the call arrived, with every change finished before that
   * taken in, so such a change is one made while the call was under way, which a run of the tool at that
   * moment may or may not have seen. The host's own writes and commands, which a call may wait for, are
   * recorded before their calls are answered.
   *
   * @param clock what {@link Served#clock} said
   */
  public boolean quietSince(long clock) {
    return watcher != null && watcher.trusted() && tree.now() == clock && !changes.commandRunning();
  }

  private Cause staleness(CachedResult held, Coverage now) {
    Cause changed = tree.staleSince(held.asOf(), held.paths());
    if (changed != null) {
      return changed;
    }
    if (changes.commandRunning()) {
      return Cause.COMMAND;
    }
    if (now == null || !now.paths().equals(held.paths()) || !now.stamps().equals(held.stamps())) {
      return Cause.OUTSIDE;
    }
    return held.folders() && !watching() ? Cause.LOST : null;
  }

  /**
   * Keeps a result if it is still true and nothing changed while it was computed. Blocking: on the pool.
   *
   * @param output a copy of the output's top level that nobody else holds
   */
  public void store(CacheKey key, Footprint footprint, Ticket ticket, JsonObject output) {
    if (ticket.commands() || changes.commandRunning()) {
      return;
    }
    long weight = ResultSize.of(output);
    // The key is held too: a client's arguments may be as large as its message, and the bound must hold for them.
    long bytes = weight + key.args().length() + KEY_OVERHEAD;
    if (bytes > maxBytes) {
      return;
    }
    catchUp();
    Coverage now = Coverage.of(workspace, footprint);
    if (now == null || (now.folders() && !watching())) {
      return;
    }
    for (FileStamp stamp : now.stamps()) {
      if (stamp != null && !stamp.settled(ticket.wallNanos())) {
        return;
      }
    }
    if (tree.staleSince(ticket.asOf(), now.paths()) != null || changes.commandRunning()) {
      return;
    }
    results.put(key, new CachedResult(key.tool(), output, ticket.asOf(), Coverage.written(footprint), now.paths(), now.stamps(), now.folders(), now.direct(),
      weight, bytes));
    listener.stored(key.tool(), bytes);
  }

  /** @return the weight of what is held now */
  public long weightedSize() {
    results.cleanUp();
    return results.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
  }

  /** @return the weight its results may take */
  public long maxBytes() {
    return maxBytes;
  }

  /** @return {@code {"watching","results","bytes","maxBytes"}}, for {@code /health}; no I/O, no clean-up */
  public JsonObject report() {
    long bytes = results.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    return new JsonObject().put("watching", watching()).put("results", results.estimatedSize()).put("bytes", bytes)
      .put("maxBytes", maxBytes);
  }

  /** @return true when a watcher sees the whole tree and has taken in every change the kernel has reported; never blocks */
  public boolean quiet() {
    return watcher != null && watcher.quiet();
  }

  /** @return true while a watcher sees every change of the tree, so that results of folders can be kept */
  public boolean watching() {
    return watcher != null && watcher.trusted();
  }

  /** @return the generations its results are checked against, for tests */
  TreeGenerations tree() {
    return tree;
  }

  /** Takes in every change the kernel has queued for the watcher. Blocking: on the pool. */
  public void catchUp() {
    if (watcher != null) {
      watcher.catchUp();
    }
  }

  private void removed(CacheKey key, CachedResult held, RemovalCause cause) {
    if (held == null) {
      return;
    }
    if (cause == RemovalCause.SIZE) {
      listener.evicted(held.tool(), held.bytes());
    } else if (cause != RemovalCause.EXPLICIT) {
      listener.dropped(held.tool(), held.bytes());
    }
  }

  /** @return a copy of an output's top level; what is inside is shared, and no part of the host changes it */
  public static JsonObject copy(JsonObject output) {
    return new JsonObject(new LinkedHashMap<>(Objects.requireNonNull(output).getMap()));
  }

  /** Lets every result go; the watcher is the workspace's, stopped with it. */
  @Override
  public void close() {
    results.asMap().forEach((key, held) -> listener.dropped(held.tool(), held.bytes()));
    results.invalidateAll();
  }
}
