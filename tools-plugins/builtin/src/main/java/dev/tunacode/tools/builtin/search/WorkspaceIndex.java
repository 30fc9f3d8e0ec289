package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostContext;
import dev.tunacode.core.cache.FileStamp;
import dev.tunacode.core.cache.TreeChanges;
import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.FileHandle;
import dev.tunacode.core.workspace.ResolvedPath;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One workspace's {@link ContentIndex}, for {@code grep}, kept in step with the tree in the background.
 * <p>
 * A sync walks the workspace as grep walks it, and as glob walks it with no options given (through the
 * {@link FileTrees}, so from memory where nothing changed, and kept there for the tools), reads every file the index does not know as it is now (new, changed, renamed over, unsettled
 * when last read), and forgets the files no longer there. The first sync, the build, starts with the host;
 * after it, the watcher's record of changes asks for one 50 ms after a change (the time a file's times take
 * to settle), and so does a grep that met a file the index did not know. Until the build ends every grep
 * reads every file.
 * <p>
 * A result through it is a full scan's whatever it lags: every file it passes over was found by the grep's
 * own walk with the stamp it had when it was indexed, and only files whose times had settled when they were
 * read are trusted ({@link FileStamp#settled}). Config: {@code index.enabled} (false by default),
 * {@code index.maxBytes} (past it, no more files are learnt, and greps read those),
 * {@code index.persist} and {@code index.persistDir} (saved between runs: {@link IndexFile}).
 */
final class WorkspaceIndex {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceIndex.class);
  private static final long MAX_FILE_BYTES = 16L << 20;
  /** After a change, how long a sync waits: files written in a burst are then read once, and settled. */
  private static final long SYNC_DELAY_MS = 50;
  private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long SAVE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private enum State { BUILDING, READY }

  private final HostContext context;
  private final FileTrees trees;
  private final long maxBytes;
  private final ContentIndex index;
  /** Where the index is saved between runs, or null when {@code index.persist} is not true. */
  private final IndexFile saved;
  private volatile long savedAt;
  private volatile int loaded = -1;
  private volatile State state = State.BUILDING;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean again;
  private volatile boolean listening;
  private volatile boolean full;
  private final AtomicInteger reads = new AtomicInteger();
  /** What the running sync has left to read, for /health. */
  private final AtomicInteger pending = new AtomicInteger();
  private volatile long bytes;
  private volatile long builtMs = -1;
  private volatile long syncs;
  /** The files read are read into arrays kept for the next: up to 1 MiB each, a few at a time. */
  private final ReadBuffers buffers = new ReadBuffers(1 << 20);

  private WorkspaceIndex(HostContext context, FileTrees trees, long maxBytes, IndexFile saved) {
    this.context = context;
    this.trees = trees;
    this.maxBytes = maxBytes;
    this.saved = saved;
    this.index = new ContentIndex(MAX_FILE_BYTES, SearchDefaults.HELPERS);
  }

  /**
   * Starts building the workspace's index in the background, when {@code index.enabled} is true.
   *
   * @return the index, or null when it is not enabled
   */
  static WorkspaceIndex of(HostContext context, FileTrees trees) {
    IndexOptions options = trees.options();
    if (!options.enabled()) {
      return null;
    }
    IndexFile saved = options.persistDir() == null ? null : new IndexFile(options.persistDir(), context.workspace().root());
    WorkspaceIndex built = new WorkspaceIndex(context, trees, options.maxBytes(), saved);
    context.report("index", built::report);
    built.scheduleSync(0);
    return built;
  }

  /** @return the candidates of a pattern, or null while the index is being built (then every file is read) */
  ContentIndex.Lookup lookup(String pattern, boolean regex, boolean caseSensitive) {
    return state == State.READY ? index.lookup(TrigramQuery.of(pattern, regex, caseSensitive)) : null;
  }

  /** After a grep: a file it found the index did not know asks for a sync, as a watcher's change would. */
  void searched(IndexNarrowing narrowing) {
    if (narrowing.metUnknown()) {
      scheduleSync(SYNC_DELAY_MS);
    }
  }

  /**
   * @return {@code {"state","syncing","files","bytes","maxBytes","full","pending","builtMs","syncs","filesRead","loaded"}},
   *         for /health ({@code loaded}: files loaded from the saved index at start, -1 when none was); no I/O but a look
   *         at each shard's size under its lock
   */
  JsonObject report() {
    return new JsonObject().put("state", state.name().toLowerCase(Locale.ROOT)).put("syncing", scheduled.get() || running.get())
      .put("files", index.files()).put("bytes", bytes).put("maxBytes", maxBytes).put("full", full).put("pending", pending.get())
      .put("builtMs", builtMs).put("syncs", syncs).put("filesRead", reads.get()).put("loaded", loaded);
  }

  // Any thread may ask, the watcher's among them: no I/O here, a timer and a task on the pool.
  private void scheduleSync(long delayMs) {
    if (!scheduled.compareAndSet(false, true)) {
      return;
    }
    if (delayMs <= 0) {
      runSync();
    } else {
      context.vertx().setTimer(delayMs, id -> runSync());
    }
  }

  private void runSync() {
    try {
      context.io().run(this::sync);
    } catch (RejectedExecutionException closing) {
      closing();
    }
  }

  private void closing() {
    LOG.debug("The host is closing: the content index of {} is no longer kept", context.workspace().root());
  }

  // One sync at a time: a change while one runs makes it run again when it ends.
  private Void sync() {
    scheduled.set(false);
    if (!running.compareAndSet(false, true)) {
      again = true;
      return null;
    }
    boolean unsettled = false;
    try {
      again = false;
      unsettled = syncOnce();
    } catch (RejectedExecutionException closing) {
      closing();
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Bringing the content index of {} up to date failed; greps read what it does not know", context.workspace().root(), e);
    } finally {
      running.set(false);
    }
    if (again || unsettled) {
      scheduleSync(SYNC_DELAY_MS);
    }
    return null;
  }

  /** @return true when some file read was too new to be trusted, and must be read again */
  private boolean syncOnce() throws IOException {
    long start = System.nanoTime();
    boolean building = state == State.BUILDING;
    TreeChanges changes = trees.changes();
    listen(changes);
    if (changes != null && changes.commandRunning()) {
      return true; // what it changes is looked at once it has ended, whose record asks for a sync too
    }
    if (building && saved != null) {
      load();
    }
    // Looked at again each sync: files forgotten since may have made room.
    full = index.bytes() >= maxBytes;
    try (ResolvedPath resolved = context.workspace().locate(".");
         DirHandle root = resolved.openDirectory()) {
      // The grep's own walk of the whole workspace: the same folders skipped, the same ignore rules.
      Deadline unbounded = Deadline.in(TimeUnit.DAYS.toMillis(1));
      TreeWalker.Walk walk = trees.walk(root, GrepTool.walkOptions(unbounded, true), path -> true);
      // glob's tree too, with its options when none are given, so that a first glob is answered from memory.
      trees.walk(root, GlobTool.defaultWalkOptions(unbounded), path -> true);
      List<TreeWalker.Found> stale = new ArrayList<>();
      for (TreeWalker.Found file : walk.files()) {
        if (!index.current(file.relative(), file.stamp())) {
          stale.add(file);
        }
      }
      if (!walk.timedOut() && index.files() > walk.files().size() - stale.size()) {
        Set<String> present = new HashSet<>(walk.files().size() * 2);
        walk.files().forEach(file -> present.add(file.relative()));
        index.retainOnly(present);
      }
      if (building) {
        LOG.info("Indexing the contents of {} for grep: {} files…", context.workspace().root(), stale.size());
      }
      boolean unsettled = read(root, stale, building);
      bytes = index.bytes();
      syncs++;
      save(building);
      if (building) {
        builtMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        state = State.READY;
        LOG.info("Content index of {}: {} files, {} MB, built in {} ms", context.workspace().root(), index.files(), bytes >> 20, builtMs);
      }
      return unsettled;
    }
  }

  private void load() {
    try {
      if (saved.load(index)) {
        loaded = index.files();
        LOG.info("Content index of {}: {} files loaded from {}; each is read again if it changed since", context.workspace().root(),
          loaded, saved.path());
      }
    } catch (IOException damaged) {
      LOG.warn("The saved content index {} is not used ({}): it is built from nothing", saved.path(), damaged.getMessage());
    }
  }

  // After the build, then at most once a minute: a host stopped in between loses what the sync after its
  // next start reads again.
  private void save(boolean built) {
    long now = System.nanoTime();
    if (saved == null || (!built && now - savedAt < SAVE_EVERY_NANOS)) {
      return;
    }
    savedAt = now;
    try {
      saved.save(index);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Saving the content index to {} failed ({}); the next start builds it from nothing", saved.path(), e.toString());
    }
  }

  private void listen(TreeChanges changes) {
    if (!listening) {
      listening = true;
      if (changes != null) {
        changes.listen(() -> scheduleSync(SYNC_DELAY_MS));
      }
    }
  }

  private boolean read(DirHandle root, List<TreeWalker.Found> files, boolean building) {
    pending.set(files.size());
    WorkQueue<TreeWalker.Found> queue = new WorkQueue<>();
    files.forEach(queue::add);
    AtomicBoolean unsettled = new AtomicBoolean();
    long[] lastProgress = {System.nanoTime()};
    queue.drain(context.io(), SearchDefaults.HELPERS, (file, work) -> {
      if (!read(root, file.relative(), file.stamp())) {
        unsettled.set(true);
      }
      int left = pending.decrementAndGet();
      long now = System.nanoTime();
      if (building && now - lastProgress[0] > PROGRESS_EVERY_NANOS) {
        lastProgress[0] = now;
        LOG.info("Indexing {}: {} of {} files read", context.workspace().root(), files.size() - left, files.size());
      }
    });
    return unsettled.get();
  }

  // The stamp is the walk's, taken before the read: a write after it gives another stamp, and the file is read again.
  private boolean read(DirHandle root, String path, FileStamp stamp) {
    if (full) {
      // Past the bound a file is not learnt, and what was known of it goes: greps read it, as without an index.
      index.remove(path);
      return true;
    }
    long wall = FileStamp.wallNanos();
    // A file past the size bound is only sniffed, for the binary test every grep makes.
    long wanted = stamp.size() > MAX_FILE_BYTES ? FileScan.SNIFF : stamp.size();
    byte[] content = buffers.take((int) wanted + 1);
    try {
      return learn(root, path, stamp, wall, wanted, content);
    } finally {
      buffers.give(content);
    }
  }

  // One byte more than the stamp's size is asked for, so that a file grown since is seen not to be whole.
  private boolean learn(DirHandle root, String path, FileStamp stamp, long wall, long wanted, byte[] content) {
    int length;
    try (FileHandle file = root.openListedFileBeneath(path)) {
      length = file.readInto(content, 0, (int) wanted + 1);
    } catch (IOException unreadable) {
      index.remove(path);
      return true;
    }
    boolean binary = FileScan.binary(ByteSearch.ordered(ByteBuffer.wrap(content, 0, length)), length);
    boolean whole = length == stamp.size();
    reads.incrementAndGet();
    boolean settled = stamp.settled(wall) && (binary || whole || stamp.size() > MAX_FILE_BYTES);
    if (!settled || binary || stamp.size() > MAX_FILE_BYTES) {
      index.put(path, stamp, null, binary, settled);
      return settled;
    }
    index.put(path, stamp, TrigramSignature.of(content, length), false, true);
    // Past the bound by at most the files being read at this moment, one a thread.
    full = index.bytes() >= maxBytes;
    return true;
  }
}
