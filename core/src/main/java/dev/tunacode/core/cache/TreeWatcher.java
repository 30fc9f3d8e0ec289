package dev.tunacode.core.cache;

import dev.tunacode.core.os.Errno;
import dev.tunacode.core.os.Inotify;
import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells {@link TreeGenerations} of every change made under a workspace by anyone, the host or not.
 * <p>
 * Linux's inotify has no recursive watch: every folder is watched, each with a watch of its own. The
 * events are read from inotify's descriptor here ({@link Inotify}), by this watcher's thread as they come
 * and by {@link #catchUp} before a result is served, so that a change finished before a call began is
 * always seen by that call: the kernel queues a change's event before the call that made it returns.
 * <p>
 * A file closed after being opened for writing counts as written: a write through a memory mapping gives no
 * event, but the file was opened for writing to be mapped so. A file written in place that has other names
 * (hard links) counts as a change of everything: the kernel tells of the write under the name it went
 * through only.
 * <p>
 * A folder created (or moved in) is watched, then walked for folders made before its watch existed, and
 * only then recorded as changed, so that nothing computed before its watch can pass as fresh. A folder
 * moved away or deleted loses its watches: a path is always the folder's name now.
 * <p>
 * It is {@link #trusted()} only while it watches the whole tree: not before its first walk has ended, not
 * while it walks the tree again after an overflow, not while the root is gone, and never after the system
 * refused a watch (a limit reached). Every loss of trust raises the generations' floor, so a result
 * computed while it was trusted is never served across a time it was not.
 */
public final class TreeWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TreeWatcher.class);
  /** How often a lost root is looked for. */
  private static final int ROOT_CHECK_MS = 100;
  private static final int FOLDER_EVENTS = Inotify.IN_MODIFY | Inotify.IN_CLOSE_WRITE | Inotify.IN_ATTRIB | Inotify.IN_CREATE
    | Inotify.IN_DELETE | Inotify.IN_MOVED_FROM | Inotify.IN_MOVED_TO | Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF
    | Inotify.IN_ONLYDIR | Inotify.IN_DONT_FOLLOW;

  private final Path root;
  private final TreeGenerations tree;
  private final Inotify inotify;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Integer, Path> folders = new HashMap<>();
  private final Thread thread;
  private volatile boolean trusted;
  private volatile boolean refused;
  private volatile boolean rootGone;
  private volatile boolean closing;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Drains begun and done: equal, and unchanged across a look at the queue, when nothing read is unrecorded. */
  private final AtomicLong drainsBegun = new AtomicLong();
  private final AtomicLong drainsDone = new AtomicLong();
  /** The last file a write event was stat'ed for, and whether it had other names; under the lock. */
  private Path lastStatted;
  private boolean lastLinked;

  /**
   * Starts watching; the first walk of the tree runs on the watcher's thread.
   *
   * @param root the workspace's real root
   * @throws PosixException when no inotify instance can be made (the user's limit of them reached)
   */
  public TreeWatcher(Path root, TreeGenerations tree) throws PosixException {
    this.root = root;
    this.tree = tree;
    this.inotify = Inotify.open();
    this.thread = new Thread(this::run, "tunacode-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** @return true while every folder of the tree is watched and every change reaches the generations */
  public boolean trusted() {
    return trusted && !refused && !rootGone;
  }

  /** @return how many folders are watched */
  public int watchedFolders() {
    lock.lock();
    try {
      return folders.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes in every event the kernel has queued, so that a change finished before this call is recorded
   * when it returns. Does nothing while the watcher is not trusted. Blocking: on the pool only.
   */
  public void catchUp() {
    if (!trusted() || caughtUp()) {
      return;
    }
    lock.lock();
    try {
      drain();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether every change the kernel has told of is already recorded, answered without waiting: the watcher
   * sees the whole tree, no event is queued and none is being taken in. Never blocks, so an event loop may
   * ask; a false answer only means that the events must be taken in first, on the pool.
   */
  public boolean quiet() {
    return trusted() && !closing && caughtUp();
  }

  // No drain under way, none queued, and none begun while the queue was looked at: every event read was
  // recorded before this looked. Lookups ask it without the lock, so they do not wait for one another.
  private boolean caughtUp() {
    long begun = drainsBegun.get();
    return begun == drainsDone.get() && !inotify.pending() && drainsBegun.get() == begun;
  }

  /** @return what a pass over events holds: a test holds it to make the kernel's queue overflow */
  ReentrantLock lock() {
    return lock;
  }

  private void run() {
    try {
      lock.lock();
      try {
        watchAll();
      } finally {
        lock.unlock();
      }
      while (!closing) {
        // Woken by an event or by close(); only a lost root is looked for on a clock.
        inotify.await(rootGone ? ROOT_CHECK_MS : -1);
        lock.lock();
        try {
          drain();
          if (rootGone && Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            rootGone = false;
            watchAll();
          }
        } finally {
          lock.unlock();
        }
      }
    } catch (RuntimeException | Error e) {
      refused = true;
      tree.changedEverything(Cause.LOST);
      LOG.warn("The watcher of {} failed; results of folders are no longer cached there", root, e);
    }
  }

  private void drain() {
    if (closing) {
      return;
    }
    drainsBegun.incrementAndGet();
    lastStatted = null;
    try {
      inotify.drain(this::handle);
    } catch (PosixException e) {
      throw new IllegalStateException("reading inotify failed: " + e.getMessage(), e);
    } finally {
      drainsDone.incrementAndGet();
    }
  }

  // Watches the whole tree again (a folder already watched keeps its watch, under its name now), then
  // counts everything as changed: whatever changed while no watch saw it is covered.
  private void watchAll() {
    trusted = false;
    tree.changedEverything(Cause.LOST);
    Map<Integer, Path> before = new HashMap<>(folders);
    folders.clear();
    watchTree(root);
    // A folder moved out of the tree while events were lost still has its watch, under its old name.
    before.keySet().removeAll(folders.keySet());
    before.keySet().forEach(inotify::unwatch);
    tree.changedEverything(Cause.LOST);
    trusted = true;
  }

  private void handle(Inotify.Event event) {
    if (event.is(Inotify.IN_Q_OVERFLOW)) {
      LOG.info("The watcher of {} lost events (the kernel's queue overflowed); every cached result there is dropped", root);
      watchAll();
      return;
    }
    Path folder = folders.get(event.wd());
    if (folder == null) {
      return; // a watch given up on: its folder went away
    }
    if (event.is(Inotify.IN_IGNORED)) {
      forget(event.wd(), folder);
      return;
    }
    if (event.name() == null) {
      // About a folder itself: its parent's watch reports the same change by name, but the root has none.
      if (folder.equals(root)) {
        if (event.is(Inotify.IN_DELETE_SELF) || event.is(Inotify.IN_MOVE_SELF)) {
          lostRoot();
        } else {
          tree.changed(root, Cause.OUTSIDE);
        }
      }
      return;
    }
    Path changed = folder.resolve(event.name());
    tree.changed(changed, Cause.OUTSIDE);
    if (!writtenInPlace(event)) {
      lastStatted = null; // a new name or a link count changed (IN_ATTRIB) ends a run of writes
    } else if (linked(changed)) {
      // Written in place through one of its names: the others, wherever they are, got no event.
      tree.changedEverything(Cause.OUTSIDE);
    }
    if (event.is(Inotify.IN_ISDIR)) {
      if (event.is(Inotify.IN_CREATE) || event.is(Inotify.IN_MOVED_TO)) {
        watchTree(changed);
        tree.changed(changed, Cause.OUTSIDE);
      } else if (event.is(Inotify.IN_MOVED_FROM) || event.is(Inotify.IN_DELETE)) {
        unwatchTree(changed);
      }
    }
  }

  // A write(2) gives IN_MODIFY; a write through a memory mapping gives nothing, but the file was opened for writing
  // to be mapped so, and closing it (by its process's end at the latest) gives IN_CLOSE_WRITE.
  private static boolean writtenInPlace(Inotify.Event event) {
    return (event.is(Inotify.IN_MODIFY) || event.is(Inotify.IN_CLOSE_WRITE)) && !event.is(Inotify.IN_ISDIR);
  }

  // One stat for a run of writes to the same file, with no other event between: a large write comes as many.
  private boolean linked(Path file) {
    if (file.equals(lastStatted)) {
      return lastLinked;
    }
    lastStatted = file;
    try {
      lastLinked = Posix.stat(file.toString()).links() > 1;
    } catch (PosixException gone) {
      lastLinked = false;
    }
    return lastLinked;
  }

  private void forget(int wd, Path folder) {
    folders.remove(wd);
    tree.changed(folder, Cause.OUTSIDE);
    if (folder.equals(root)) {
      lostRoot();
    }
  }

  private void lostRoot() {
    rootGone = true;
    tree.changedEverything(Cause.LOST);
    unwatchTree(root);
    // A lookup's catch-up may take the event in while the watcher's thread sleeps with no clock: no event
    // will come to wake it now that no watch is left, so it is woken to start looking for the root.
    inotify.wake();
  }

  // A folder moved away keeps its watches in the kernel; its events would come under its old name.
  private void unwatchTree(Path top) {
    folders.entrySet().removeIf(watched -> {
      if (!watched.getValue().startsWith(top)) {
        return false;
      }
      inotify.unwatch(watched.getKey());
      return true;
    });
  }

  private void watchTree(Path top) {
    try {
      Files.walkFileTree(top, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !closing && watch(dir) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // gone or unreadable: nothing there to watch, its parent's watch reports it
        }
      });
    } catch (IOException e) {
      LOG.debug("could not walk {} to watch it", top, e);
    }
  }

  private boolean watch(Path dir) {
    try {
      folders.put(inotify.watch(dir, FOLDER_EVENTS), dir);
      return true;
    } catch (PosixException e) {
      if (e.errno() == Errno.ENOENT || e.errno() == Errno.ENOTDIR) {
        return true; // removed while the walk went on; its parent's watch reports that
      }
      if (!refused) {
        refused = true;
        tree.changedEverything(Cause.LOST);
        LOG.warn("Cannot watch {} ({}): results of folders are not cached in {}. On Linux, raise the limit with "
          + "'sysctl fs.inotify.max_user_watches=524288' and start the host again.", dir, e.getMessage(), root);
      }
      return false;
    }
  }

  /** Stops the thread and closes the descriptors. Blocking, briefly: not on an event loop. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing = true;
    trusted = false;
    inotify.wake();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      inotify.close();
    } finally {
      lock.unlock();
    }
  }
}
