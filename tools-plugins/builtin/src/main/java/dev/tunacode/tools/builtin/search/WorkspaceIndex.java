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
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

  private record Waiting(String path, FileStamp stamp) {
  }

  private final HostContext context;
  private final long maxBytes;
  private final ContentIndex index;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean ready;
  private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap.KeySetView<String, Boolean> queued = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** Whether the index has reached its bound, looked at every {@link #BOUND_EVERY} files read: weighing it walks it. */
  private volatile boolean full;
  private final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
  private static final int BOUND_EVERY = 256;
  /** A trigram collector holds a 2 MB bitmap: a few are shared by the threads that index, not one a pool thread. */
  private final ConcurrentLinkedQueue<Trigrams.Collector> collectors = new ConcurrentLinkedQueue<>();

  private WorkspaceIndex(HostContext context, long maxBytes) {
    this.context = context;
    this.maxBytes = maxBytes;
    this.index = new ContentIndex(MAX_FILE_BYTES, SearchDefaults.HELPERS);
  }

  /** @return the workspace's index, or null when {@code index.enabled} is not true */
  static WorkspaceIndex of(HostContext context) {
    JsonObject config = context.config().getJsonObject("index", new JsonObject());
    if (!config.getBoolean("enabled", false)) {
      return null;
    }
    return new WorkspaceIndex(context, config.getLong("maxBytes", DEFAULT_MAX_BYTES));
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
   * After a grep walked the whole workspace with no filter: forgets the files it did not find, once the
   * index knows more files than the walk found (deleted, renamed away, ignored now).
   */
  void walkedAll(List<TreeWalker.Found> files) {
    if (ready && index.files() > files.size()) {
      java.util.Set<String> present = new java.util.HashSet<>(files.size() * 2);
      files.forEach(file -> present.add(file.relative()));
      index.retainOnly(present);
    }
  }

  /**
   * Files a grep read because the index did not know them as they are: read again, in the background.
   *
   * @param prefix the grep's folder below the workspace's root ("" for the root)
   */
  void unknown(String prefix, List<TreeWalker.Found> files) {
    if (!ready) {
      return;
    }
    for (TreeWalker.Found file : files) {
      String path = prefix.isEmpty() ? file.relative() : prefix + "/" + file.relative();
      if (queued.size() < MAX_WAITING && queued.add(path)) {
        waiting.add(new Waiting(path, file.stamp()));
      }
    }
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
      for (Waiting next = waiting.poll(); next != null; next = waiting.poll()) {
        queued.remove(next.path());
        read(root, next.path(), next.stamp());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Reading changed files into the content index failed", e);
    } finally {
      draining.set(false);
      if (!waiting.isEmpty() && draining.compareAndSet(false, true)) {
        context.io().run(() -> {
          drain();
          return null;
        });
      }
    }
  }

  private void build() throws IOException {
    long start = System.nanoTime();
    LOG.info("Indexing the contents of {} for grep…", context.workspace().root());
    try (ResolvedPath resolved = context.workspace().locate(".");
         DirHandle root = resolved.openDirectory()) {
      // The grep's own walk of the whole workspace: the same folders skipped, the same ignore rules.
      TreeWalker.Options options = new TreeWalker.Options(true, SearchDefaults.GREP_SKIPPED, true, true,
        Deadline.in(TimeUnit.DAYS.toMillis(1)), true);
      List<TreeWalker.Found> files = TreeWalker.walk(context.io(), root, options, path -> true, SearchDefaults.HELPERS).files();
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
    long wanted = stamp.size() > MAX_FILE_BYTES ? ContentIndex.SNIFF : stamp.size();
    try (FileHandle file = root.openListedFileBeneath(path)) {
      content = file.readAll(wanted, wanted);
    } catch (IOException unreadable) {
      index.remove(path);
      return;
    }
    boolean binary = nul(content);
    boolean whole = content.length == stamp.size();
    Trigrams.Collector collector = collectors.poll();
    try {
      if (collector == null) {
        collector = new Trigrams.Collector();
      }
      int[] trigrams = binary || !whole ? new int[0] : collector.distinct(content, content.length);
      // Past the bound a file is known, not indexed: it is read by every grep, as without an index.
      if (reads.incrementAndGet() % BOUND_EVERY == 0) {
        full = index.bytes() >= maxBytes;
      }
      boolean trusted = stamp.settled(wall) && (binary || whole) && !full;
      index.put(path, stamp, trigrams, binary, trusted);
    } finally {
      collectors.add(collector);
    }
  }

  private static boolean nul(byte[] content) {
    for (int i = 0; i < Math.min(content.length, ContentIndex.SNIFF); i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
