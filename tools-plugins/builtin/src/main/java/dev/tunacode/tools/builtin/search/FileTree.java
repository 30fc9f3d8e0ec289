package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.cache.FileStamp;
import dev.tunacode.core.cache.TreeChanges;
import dev.tunacode.core.os.Stat;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.workspace.DirHandle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * What a walk of one folder with one set of options finds, kept in memory and brought up to date before
 * each use from the workspace's record of changes ({@link TreeChanges}), so that a walk of an unchanged
 * tree costs nothing and one after an edit lists again only the folders on the way to what changed.
 * <p>
 * Each folder is a node that remembers the clock it was listed at. A walk reads the clock after taking in
 * the watcher's events, then goes down from the top: a folder under which nothing changed since its
 * listing is kept whole; one under which something changed is listed again, its sub-folders kept and
 * looked at in turn; one that was itself created, deleted or renamed is listed again with everything under
 * it. A folder whose ignore files changed is listed again with everything under it too, since their rules
 * judge every path below. A command's changes come as anyone's do: a file it writes through a memory
 * mapping gives no event for the writes, but one when it is closed after being opened for writing, which is
 * during the command, and no walk while a command runs keeps what it finds. The files with other names (hard
 * links) are stat'ed again on every walk that needs stamps, since a write through another name changes them
 * with no event for theirs. A walk's result is therefore the one a walk of the disk would give at
 * that moment, in the same order, with the same stamps; while changes cannot be told (no trusted watcher, a
 * command running) the disk is walked and the tree stays as of its clock.
 */
final class FileTree {

  private static final class Node {
    final String relative;
    /** The rules its own entries were judged by before its ignore files were read: its parent's. */
    final IgnoreRules inherited;
    long asOf;
    IgnoreRules rules;
    List<String> ignoreFiles = List.of();
    List<TreeWalker.Found> files = List.of();
    /** Sub-folders by path; one parent, so the order of paths is the order of names. */
    TreeMap<String, Node> folders = new TreeMap<>();

    Node(String relative, IgnoreRules inherited, long asOf) {
      this.relative = relative;
      this.inherited = inherited;
      this.asOf = asOf;
    }

    void fill(TreeWalker.Listing listing) {
      rules = listing.rules();
      ignoreFiles = listing.ignoreFiles();
      List<TreeWalker.Found> sorted = new ArrayList<>(listing.files());
      sorted.sort((a, b) -> a.relative().compareTo(b.relative()));
      files = sorted;
    }
  }

  private static final int EXPIRED = -1;
  private static final int UNTOLD = -2;

  private final Path top;
  /** The real paths from the workspace's root down to the top's parent: a rename of any of them replaces the top. */
  private final List<Path> above;
  private final TreeWalker.Options options;

  private final ReentrantLock lock = new ReentrantLock();
  private Node root;
  /** The whole tree's files in a walk's order. */
  private List<TreeWalker.Found> files;
  /** The folders that hold files with other names (hard links). */
  private List<Node> linked = List.of();

  /**
   * @param workspaceRoot the workspace's real root
   * @param relative      the real path of the folder walked, relative to it ("." for the root)
   * @param options       the walk's options; their deadline is replaced by each walk's
   */
  FileTree(Path workspaceRoot, String relative, TreeWalker.Options options) {
    this.top = relative.equals(".") ? workspaceRoot : workspaceRoot.resolve(relative);
    List<Path> parents = new ArrayList<>();
    for (Path parent = top.getParent(); parent != null && parent.startsWith(workspaceRoot); parent = parent.getParent()) {
      parents.add(parent);
    }
    this.above = List.copyOf(parents);
    this.options = options;
  }

  /** @return how many files it holds now */
  int size() {
    List<TreeWalker.Found> held = files;
    return held == null ? 0 : held.size();
  }

  /**
   * Walks the tree: from memory where nothing changed, from the disk where something did.
   *
   * @param handle the folder, opened by the caller now; what is listed again is listed through it
   */
  TreeWalker.Walk walk(BlockingIo io, DirHandle handle, TreeChanges changes, Deadline deadline, boolean stamps) {
    lock.lock();
    try {
      int listed = refresh(io, handle, changes, deadline, stamps);
      if (listed < 0) {
        return listed == EXPIRED ? new TreeWalker.Walk(List.of(), true)
          : TreeWalker.walk(io, handle, timed(deadline), path -> true, SearchDefaults.HELPERS);
      }
      return new TreeWalker.Walk(files, false, listed);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Walks a folder under the top as a walk that starts there would, when this tree can tell: the folder is
   * in it (not hidden from it, skipped or ignored) and no folder above it holds an ignore file, whose rules
   * a walk from the folder would not know of. Its paths are relative to the folder.
   *
   * @param handle   the top folder, opened now
   * @param relative the folder's path below the top
   * @return the walk, or null when this tree cannot tell
   */
  TreeWalker.Walk walkBelow(BlockingIo io, DirHandle handle, TreeChanges changes, Deadline deadline, boolean stamps,
                            String relative) {
    lock.lock();
    try {
      int listed = refresh(io, handle, changes, deadline, stamps);
      if (listed < 0) {
        return null;
      }
      Node node = root;
      int slash = -1;
      do {
        if (!node.ignoreFiles.isEmpty()) {
          return null;
        }
        slash = relative.indexOf('/', slash + 1);
        node = node.folders.get(slash < 0 ? relative : relative.substring(0, slash));
      } while (node != null && slash >= 0);
      if (node == null) {
        return null;
      }
      List<TreeWalker.Found> below = new ArrayList<>();
      flatten(node, below, null);
      int cut = relative.length() + 1;
      below.replaceAll(file -> new TreeWalker.Found(file.relative().substring(cut), file.size(), file.stamp(), file.linked()));
      return new TreeWalker.Walk(below, false, listed);
    } finally {
      lock.unlock();
    }
  }

  /** @return how many folders were listed, {@link #EXPIRED} when the deadline passed, {@link #UNTOLD} without a clock */
  private int refresh(BlockingIo io, DirHandle handle, TreeChanges changes, Deadline deadline, boolean stamps) {
    long asOf = changes.now();
    if (asOf < 0) {
      // The tree stays as of its clock: once changes can be told again, they are looked at from it.
      return UNTOLD;
    }
    Refresh refresh = new Refresh(io, handle, changes, timed(deadline), asOf);
    try {
      root = root == null || replaced(changes) ? refresh.fresh("", options.respectIgnore() ? IgnoreRules.none() : null)
        : refresh.update(root);
      refresh.build();
    } catch (DeadlineChars.Expired expired) {
      forget();
      return EXPIRED;
    }
    if (refresh.listed.get() > 0 || files == null) {
      files = flatten(root);
    }
    if (stamps && !linked.isEmpty() && stampLinksAgain(handle)) {
      files = flatten(root);
    }
    return refresh.listed.get();
  }

  private TreeWalker.Options timed(Deadline deadline) {
    return new TreeWalker.Options(options.includeHidden(), options.skipFolders(), options.respectIgnore(), options.recursive(),
      deadline, true);
  }

  private boolean replaced(TreeChanges changes) {
    for (Path parent : above) {
      TreeChanges.Change change = changes.since(root.asOf, parent);
      if (change == TreeChanges.Change.ITSELF || change == TreeChanges.Change.UNKNOWN) {
        return true;
      }
    }
    return false;
  }

  private void forget() {
    root = null;
    files = null;
  }

  // Remembers the folders that hold files with other names, whose stamps every walk that needs stamps takes again.
  private List<TreeWalker.Found> flatten(Node top) {
    List<TreeWalker.Found> all = new ArrayList<>();
    List<Node> withLinks = new ArrayList<>();
    flatten(top, all, withLinks);
    linked = withLinks;
    return List.copyOf(all);
  }

  // A file with other names may have been written through one of them, which gives no event for this one.
  private boolean stampLinksAgain(DirHandle handle) {
    boolean changed = false;
    for (Node node : linked) {
      List<TreeWalker.Found> files = linksStamped(handle, node);
      if (!files.equals(node.files)) {
        node.files = files;
        changed = true;
      }
    }
    return changed;
  }

  /**
   * @return the folder's files, those with other names stat'ed again; those gone or no longer files left out (their
   *         events are on their way)
   */
  private static List<TreeWalker.Found> linksStamped(DirHandle handle, Node node) {
    List<TreeWalker.Found> files = new ArrayList<>(node.files.size());
    try (DirHandle folder = node.relative.isEmpty() ? handle.view() : handle.openDirectoryBeneath(node.relative)) {
      for (TreeWalker.Found file : node.files) {
        if (!file.linked()) {
          files.add(file);
          continue;
        }
        String name = file.relative().substring(file.relative().lastIndexOf('/') + 1);
        try {
          Stat stat = folder.stat(name);
          if (stat.isRegularFile()) {
            files.add(new TreeWalker.Found(file.relative(), stat.size(), FileStamp.of(stat), stat.links() > 1));
          }
        } catch (IOException vanished) {
          // gone since: its event is on its way, and the walk after it lists the folder again
        }
      }
    } catch (IOException unreadable) {
      files.clear();
    }
    return files;
  }

  /**
   * A folder's files and sub-folders merged by name: a walk's order, component by component.
   *
   * @param withLinks receives each folder that holds a file with other names, or null when not wanted
   */
  private static void flatten(Node node, List<TreeWalker.Found> all, List<Node> withLinks) {
    Iterator<Map.Entry<String, Node>> folders = node.folders.entrySet().iterator();
    Map.Entry<String, Node> folder = folders.hasNext() ? folders.next() : null;
    boolean linked = false;
    for (TreeWalker.Found file : node.files) {
      while (folder != null && folder.getKey().compareTo(file.relative()) < 0) {
        flatten(folder.getValue(), all, withLinks);
        folder = folders.hasNext() ? folders.next() : null;
      }
      all.add(file);
      linked |= file.linked();
    }
    while (folder != null) {
      flatten(folder.getValue(), all, withLinks);
      folder = folders.hasNext() ? folders.next() : null;
    }
    if (linked && withLinks != null) {
      withLinks.add(node);
    }
  }

  /** One walk's work: folders listed again at once, new ones queued and listed together on a few threads. */
  private final class Refresh {
    final BlockingIo io;
    final DirHandle handle;
    final TreeChanges changes;
    final TreeWalker.Options options;
    final long asOf;
    final WorkQueue<Node> queue = new WorkQueue<>();
    final AtomicInteger listed = new AtomicInteger();

    Refresh(BlockingIo io, DirHandle handle, TreeChanges changes, TreeWalker.Options options, long asOf) {
      this.io = io;
      this.handle = handle;
      this.changes = changes;
      this.options = options;
      this.asOf = asOf;
    }

    Node update(Node node) {
      return switch (changes.since(node.asOf, path(node.relative))) {
        case NONE -> node;
        case BELOW -> relist(node);
        case ITSELF, UNKNOWN -> fresh(node.relative, node.inherited);
      };
    }

    Node fresh(String relative, IgnoreRules inherited) {
      Node node = new Node(relative, inherited, asOf);
      queue.add(node);
      return node;
    }

    private Node relist(Node node) {
      TreeWalker.Listing listing = TreeWalker.list(handle, node.relative, node.inherited, options);
      listed.incrementAndGet();
      boolean sameRules = node.rules == null || sameIgnoreFiles(node, listing);
      node.fill(listing);
      node.asOf = asOf;
      TreeMap<String, Node> folders = new TreeMap<>();
      for (String folder : listing.folders()) {
        // Rules read again from unchanged files say what they said: the sub-folders kept were judged alike.
        Node old = sameRules ? node.folders.get(folder) : null;
        folders.put(folder, old == null ? fresh(folder, node.rules) : update(old));
      }
      node.folders = folders;
      return node;
    }

    private boolean sameIgnoreFiles(Node node, TreeWalker.Listing listing) {
      if (!node.ignoreFiles.equals(listing.ignoreFiles())) {
        return false;
      }
      for (String name : node.ignoreFiles) {
        String relative = node.relative.isEmpty() ? name : node.relative + "/" + name;
        if (changes.since(node.asOf, path(relative)) != TreeChanges.Change.NONE) {
          return false;
        }
      }
      return true;
    }

    /** Lists the queued folders and everything under them. */
    void build() {
      boolean[] late = new boolean[1];
      drain(queue, late, (node, more) -> {
        TreeWalker.Listing listing = TreeWalker.list(handle, node.relative, node.inherited, options);
        listed.incrementAndGet();
        node.fill(listing);
        for (String folder : listing.folders()) {
          Node child = new Node(folder, node.rules, asOf);
          node.folders.put(folder, child);
          more.add(child);
        }
      });
      if (late[0]) {
        throw DeadlineChars.EXPIRED;
      }
    }

    // Every worker stops at the deadline, and the walk then reports it.
    private void drain(WorkQueue<Node> nodes, boolean[] late, BiConsumer<Node, WorkQueue<Node>> work) {
      nodes.drain(io, SearchDefaults.HELPERS, (node, more) -> {
        try {
          if (options.deadline().passed()) {
            throw DeadlineChars.EXPIRED;
          }
          work.accept(node, more);
        } catch (DeadlineChars.Expired expired) {
          late[0] = true;
          more.stop();
        }
      });
    }

    private Path path(String relative) {
      return relative.isEmpty() ? top : top.resolve(relative);
    }
  }
}
