package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostContext;
import dev.tunacode.core.cache.FileStamp;
import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.FileHandle;
import dev.tunacode.core.workspace.ResolvedPath;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One workspace's {@link ContentIndex}, for {@code grep}: built in the background on the shared pool the
 * first time a grep asks for it, and read again file by file where a grep found a file the index does not
 * know as it is now (new, changed, renamed over). Until it is built every grep reads every file.
 * <p>
 * A result through it is a full scan's: every file it passes over was found by the grep's own walk with
 * the stamp it had when it was indexed, and only files whose times had settled when they were read are
 * trusted ({@link FileStamp#settled}). Config: {@code index.enabled} (false until grep's randomized
 * comparison covers it by default), {@code index.maxBytes} (past it, files are known but not indexed, and read).
 */
final class WorkspaceIndex {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceIndex.class);
  private static final long MAX_FILE_BYTES = 16L << 20;
  private static final long DEFAULT_MAX_BYTES = 256L << 20;
  /** Files waiting to be read again: past this, the rest wait for the next grep that finds them. */
  private static final int MAX_WAITING = 100_000;

  private final HostContext context;
  private final FileTrees trees;
  private final long maxBytes;
  private final ContentIndex index;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean ready;
  /** Files waiting to be read again, by path, with the stamp a grep found. */
  private final ConcurrentHashMap<String, FileStamp> waiting = new ConcurrentHashMap<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** Whether the index has reached its bound, looked at every {@link #BOUND_EVERY} files read: weighing it walks it. */
  private volatile boolean full;
  private final AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
  private static final int BOUND_EVERY = 256;
  /** A trigram collector holds a 2 MB bitmap: a few are shared by the threads that index, not one a pool thread. */
  private final ConcurrentLinkedQueue<Trigrams.Collector> collectors = new ConcurrentLinkedQueue<>();

  private WorkspaceIndex(HostContext context, FileTrees trees, long maxBytes) {
    this.context = context;
    this.trees = trees;
    this.maxBytes = maxBytes;
    this.index = new ContentIndex(MAX_FILE_BYTES, SearchDefaults.HELPERS);
  }

  /** @return the workspace's index, or null when {@code index.enabled} is not true */
  static WorkspaceIndex of(HostContext context, FileTrees trees) {
    JsonObject config = context.config().getJsonObject("index", new JsonObject());
    if (!config.getBoolean("enabled", false)) {
      return null;
    }
    return new WorkspaceIndex(context, trees, config.getLong("maxBytes", DEFAULT_MAX_BYTES));
  }

  /**
   * @return the candidates of a pattern, or null while the index is being built (then every file is
   *         read); the first call starts the build
   */
  ContentIndex.Lookup lookup(String pattern, boolean regex, boolean caseSensitive) {
    if (started.compareAndSet(false, true)) {
      context.io().run(() -> {
        build();
        return null;
      }).onFailure(failure -> LOG.warn("Building the content index of {} failed; grep reads every file", context.workspace().root(), failure));
    }
    return ready ? index.lookup(TrigramQuery.of(pattern, regex, caseSensitive)) : null;
  }

  /**
   * After a grep: reads again the files it found the index did not know, and when it walked the whole
   * workspace with no filter, forgets the files it did not find, once the index knows more files than it
   * found (deleted, renamed away, ignored now).
   */
  void searched(IndexNarrowing narrowing, TreeWalker.Walk walk, FileFilter filter) {
    List<TreeWalker.Found> files = walk.files();
    if (ready && narrowing.atRoot() && !walk.timedOut() && filter.acceptsAll() && index.files() > files.size()) {
      Set<String> present = new HashSet<>(files.size() * 2);
      files.forEach(file -> present.add(file.relative()));
      index.retainOnly(present);
    }
    unknown(narrowing);
  }

  private void unknown(IndexNarrowing narrowing) {
    if (!ready) {
      return;
    }
    for (IndexNarrowing.Unknown file : narrowing.unknown()) {
      if (waiting.size() < MAX_WAITING) {
        waiting.put(file.path(), file.stamp());
      }
    }
    scheduleDrain();
  }

  private void scheduleDrain() {
    if (!waiting.isEmpty() && draining.compareAndSet(false, true)) {
      context.io().run(() -> {
        drain();
        return null;
      });
    }
  }

  private void drain() {
    try (ResolvedPath resolved = context.workspace().locate(".");
         DirHandle root = resolved.openDirectory()) {
      for (String path : waiting.keySet()) {
        FileStamp stamp = waiting.remove(path);
        if (stamp != null) {
          read(root, path, stamp);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Reading changed files into the content index failed", e);
    } finally {
      draining.set(false);
      scheduleDrain();
    }
  }

  private void build() throws IOException {
    long start = System.nanoTime();
    LOG.info("Indexing the contents of {} for grep…", context.workspace().root());
    try (ResolvedPath resolved = context.workspace().locate(".");
         DirHandle root = resolved.openDirectory()) {
      // The grep's own walk of the whole workspace: the same folders skipped, the same ignore rules.
      TreeWalker.Options options = GrepTool.walkOptions(Deadline.in(TimeUnit.DAYS.toMillis(1)), true);
      List<TreeWalker.Found> files = trees.walk(root, options, path -> true).files();
      WorkQueue<TreeWalker.Found> queue = new WorkQueue<>();
      files.forEach(queue::add);
      queue.drain(context.io(), SearchDefaults.HELPERS, (file, work) -> read(root, file.relative(), file.stamp()));
      ready = true;
      LOG.info("Content index of {}: {} files, {} MB, built in {} ms", context.workspace().root(), index.files(),
        index.bytes() >> 20, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
  }

  // The stamp is the walk's, taken before the read: a write after it gives another stamp, and the file is read again.
  private void read(DirHandle root, String path, FileStamp stamp) {
    long wall = FileStamp.wallNanos();
    byte[] content;
    // A file past the size bound is only sniffed, for the binary test every grep makes.
    long wanted = stamp.size() > MAX_FILE_BYTES ? FileScan.SNIFF : stamp.size();
    try (FileHandle file = root.openListedFileBeneath(path)) {
      content = file.readAll(wanted, wanted);
    } catch (IOException unreadable) {
      index.remove(path);
      return;
    }
    boolean binary = FileScan.binary(ByteSearch.ordered(ByteBuffer.wrap(content)), content.length);
    boolean whole = content.length == stamp.size();
    if (reads.incrementAndGet() % BOUND_EVERY == 0) {
      full = index.bytes() >= maxBytes;
    }
    // Past the bound a file is known, not indexed: it is read by every grep, as without an index.
    boolean trusted = stamp.settled(wall) && (binary || whole) && !full;
    if (!trusted || binary) {
      index.put(path, stamp, new int[0], binary, trusted);
      return;
    }
    Trigrams.Collector collector = collectors.poll();
    try {
      if (collector == null) {
        collector = new Trigrams.Collector();
      }
      index.put(path, stamp, collector.distinct(content, content.length), false, true);
    } finally {
      collectors.add(collector);
    }
  }
}
