package dev.tunacode.core.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tells {@link TreeGenerations} of every change made under a workspace by anyone, the host or not.
 * <p>
 * The JDK's {@code WatchService} is inotify on Linux and reports at once; it has no recursive watch
 * there, so every folder is registered, on this watcher's own thread. A folder created under the tree is
 * registered, then walked for folders made before its watch existed, and only then recorded as changed,
 * so that nothing computed before its watch can pass as fresh. The path of each key is kept here, not
 * read from the key: the JDK keeps the old name of a folder that was renamed.
 * <p>
 * It is {@link #trusted()} only while it watches the whole tree: not before its first registration has
 * ended, not while it registers the tree again after an overflow, not while the root is gone, and never
 * after the system refused a watch (a limit reached). A cache must not serve or store results of folders
 * while it is not.
 */
public final class TreeWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TreeWatcher.class);
  private static final long ROOT_CHECK_MS = 100;

  private final Path root;
  private final TreeGenerations tree;
  private final WatchService service;
  private final Object lock = new Object();
  private final Map<WatchKey, Path> folders = new HashMap<>();
  private final Thread thread;
  private volatile boolean trusted;
  private volatile boolean refused;
  private volatile boolean rootGone;
  private volatile boolean closed;

  /**
   * Starts watching; the first registration runs on the watcher's thread.
   *
   * @param root the workspace's real root
   * @throws IOException when no watch service can be made (the system's limit of inotify instances)
   */
  public TreeWatcher(Path root, TreeGenerations tree) throws IOException {
    this.root = root;
    this.tree = tree;
    this.service = FileSystems.getDefault().newWatchService();
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
    synchronized (lock) {
      return folders.size();
    }
  }

  /**
   * Takes in the events the JVM has been given and not yet recorded, so that a change the kernel has
   * reported is seen before a result is served. Blocking: on the pool only.
   */
  public void catchUp() {
    if (!trusted()) {
      return;
    }
    synchronized (lock) {
      WatchKey key;
      while (!closed && (key = service.poll()) != null) {
        handle(key);
      }
    }
  }

  /** @return what a pass over events holds: a test holds it to make the JDK overflow */
  Object lock() {
    return lock;
  }

  private void run() {
    try {
      synchronized (lock) {
        watchAll();
      }
      // The timeout is also how often a lost root is looked for: with no folder watched, nothing wakes it sooner.
      while (!closed) {
        WatchKey key = service.poll(ROOT_CHECK_MS, TimeUnit.MILLISECONDS);
        synchronized (lock) {
          if (key != null) {
            handle(key);
          }
          if (rootGone && Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            rootGone = false;
            watchAll();
          }
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      LOG.debug("the watcher of {} has stopped", root);
    } catch (RuntimeException e) {
      refused = true;
      tree.changedEverything();
      LOG.warn("The watcher of {} failed; results of folders are no longer cached there", root, e);
    }
  }

  // Registers the whole tree again (keys already held are given back as they are), then drops every
  // result: whatever changed while no watch saw it is covered.
  private void watchAll() {
    trusted = false;
    watchTree(root);
    tree.changedEverything();
    trusted = true;
  }

  private void handle(WatchKey key) {
    Path folder = folders.get(key);
    List<WatchEvent<?>> events = key.pollEvents();
    if (folder == null) {
      key.reset();
      return; // a key given up on: its folder was removed
    }
    for (WatchEvent<?> event : events) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        LOG.info("The watcher of {} lost events (overflow); every cached result there is dropped", root);
        watchAll();
        continue;
      }
      Path changed = folder.resolve((Path) event.context());
      tree.changed(changed);
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed, LinkOption.NOFOLLOW_LINKS)) {
        watchTree(changed);
        tree.changed(changed);
      }
    }
    if (!key.reset()) {
      folders.remove(key);
      tree.changed(folder);
      if (folder.equals(root)) {
        rootGone = true;
        tree.changedEverything();
      }
    }
  }

  private void watchTree(Path top) {
    try {
      Files.walkFileTree(top, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return watch(dir) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
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
      WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
        StandardWatchEventKinds.ENTRY_MODIFY);
      folders.put(key, dir);
      return true;
    } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
      return true; // removed while the walk went on; its parent's watch reports that
    } catch (IOException e) {
      refused = true;
      LOG.warn("Cannot watch {} ({}): results of folders are not cached in {}. On Linux, raise the limit with "
        + "'sysctl fs.inotify.max_user_watches=524288'.", dir, e.getMessage(), root);
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      LOG.debug("closing the watch service of {}", root, e);
    }
    thread.interrupt();
  }
}
