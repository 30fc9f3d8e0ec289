package dev.tunacode.core.cache;

import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One workspace's record of changes: the host's own writes and commands, and, once something asks for
 * it, a {@link TreeWatcher} for everyone else's. The result cache asks for the watcher when it opens; the
 * built-in tools' file tree asks through {@link #changes()} when the content index is on. Until one asks,
 * recording costs a counter and nothing else.
 */
public final class WorkspaceChanges implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceChanges.class);

  private final Workspace workspace;
  private final TreeGenerations tree;
  private final AtomicInteger commands = new AtomicInteger();
  private final Object watching = new Object();
  /** Null until asked for, and when it cannot be had. */
  private volatile TreeWatcher watcher;
  private volatile boolean asked;
  private volatile boolean closed;
  /** The network file system the workspace is on, once the watcher was asked for; null when local. */
  private volatile String remote;
  private final Told told = new Told();

  /**
   * @param maxPaths how many changed paths the record may hold before it counts everything as changed
   */
  public WorkspaceChanges(Workspace workspace, int maxPaths) {
    this.workspace = workspace;
    this.tree = new TreeGenerations(workspace.root(), maxPaths);
  }

  /**
   * Starts the watcher if it has not started. Blocking (a {@code statfs}, an inotify instance): not on an
   * event loop. A workspace on a network file system gets none: changes made on another machine reach no
   * watcher here.
   *
   * @return the watcher, or null when there can be none
   */
  public TreeWatcher watch() {
    if (asked) {
      return watcher;
    }
    synchronized (watching) {
      if (!asked && !closed) {
        watcher = open();
        asked = true;
      }
      return watcher;
    }
  }

  private TreeWatcher open() {
    remote = RemoteFileSystems.of(workspace.root());
    if (remote != null) {
      LOG.warn("{} is on {}, where changes made on another machine reach no watcher here: its results are not cached "
        + "and its searches are not kept in memory", workspace.root(), remote);
      return null;
    }
    try {
      return new TreeWatcher(workspace.root(), tree);
    } catch (PosixException e) {
      LOG.warn("Cannot watch {} ({}): results of folders are not cached there, files still are, and searches walk the tree. "
        + "On Linux, raise the limit with 'sysctl fs.inotify.max_user_instances=1024' and start the host again.",
        workspace.root(), e.getMessage());
      return null;
    }
  }

  /**
   * Starts the watcher if it has not started. Blocking: not on an event loop.
   *
   * @return true when the workspace is on a network file system (or FUSE), whose changes made on another
   *         machine reach no watcher here
   */
  public boolean remote() {
    watch();
    return remote != null;
  }

  /** @return the watcher if one was asked for and could be had; no I/O */
  public TreeWatcher watcher() {
    return watcher;
  }

  /** @return the generations every change is recorded in */
  public TreeGenerations tree() {
    return tree;
  }

  /** @return true while a command runs in the workspace */
  public boolean commandRunning() {
    return commands.get() > 0;
  }

  /**
   * Records the host's own write, before its result is returned. No I/O.
   *
   * @param paths the real paths written, or null when they are not known (then everything counts as changed)
   */
  public void written(List<Path> paths) {
    if (paths == null || paths.isEmpty()) {
      tree.changedEverything(Cause.WRITE);
      return;
    }
    paths.forEach(path -> tree.changed(path, Cause.WRITE));
  }

  /** A command starts: it may change anything, and until it ends no part of the tree is known. */
  public void commandStarted() {
    commands.incrementAndGet();
    tree.changedEverything(Cause.COMMAND);
  }

  /** A command has ended, its process group with it. */
  public void commandEnded() {
    tree.changedEverything(Cause.COMMAND);
    commands.decrementAndGet();
  }

  /**
   * Starts the watcher if it has not started. Blocking: not on an event loop.
   *
   * @return what changed since a clock reading, or null when no watcher can be had here
   */
  public TreeChanges changes() {
    return watch() == null ? null : told;
  }

  /** Stops the watcher, if one started. Blocking, briefly: not on an event loop. */
  @Override
  public void close() {
    synchronized (watching) {
      closed = true;
      asked = true;
      if (watcher != null) {
        watcher.close();
      }
    }
  }

  private final class Told implements TreeChanges {

    @Override
    public long now() {
      TreeWatcher seeing = watcher;
      if (seeing == null || !seeing.trusted() || commandRunning()) {
        return -1;
      }
      seeing.catchUp();
      long clock = tree.now();
      // Read after the clock: a loss of trust or a command begun before it raised the floor past nothing read yet.
      return seeing.trusted() && !commandRunning() ? clock : -1;
    }

    @Override
    public Change since(long asOf, Path path) {
      return tree.changeSince(asOf, path);
    }

    @Override
    public boolean commandRunning() {
      return WorkspaceChanges.this.commandRunning();
    }

    @Override
    public void listen(Runnable changed) {
      tree.listen(changed);
    }
  }
}
