package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostContext;
import dev.tunacode.core.cache.TreeChanges;
import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.ResolvedPath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One workspace's {@link FileTree}s, one for each folder and set of walk options that {@code grep} and
 * {@code glob} were asked for, the least recently walked let go past {@link #MAX_TREES} of them or
 * {@link #MAX_FILES} files in all; a tree past that alone is not kept, and its walks read the disk. They
 * are kept when {@code index.enabled} is true and the workspace has a watcher; otherwise every walk reads
 * the disk.
 */
public final class FileTrees {

  static final int MAX_TREES = 8;
  static final int MAX_FILES = 1_000_000;

  private record Key(String relative, boolean hidden, Set<String> skipped, boolean ignoreFiles, boolean recursive) {
  }

  private final HostContext context;
  private final IndexOptions indexOptions;
  private final Object asking = new Object();
  private volatile boolean asked;
  private volatile TreeChanges changes;
  private final LinkedHashMap<Key, FileTree> trees = new LinkedHashMap<>(16, 0.75f, true);

  private FileTrees(HostContext context, IndexOptions options) {
    this.context = context;
    this.indexOptions = options;
  }

  /** @return the workspace's trees, kept when {@code index.enabled} is true */
  public static FileTrees of(HostContext context) {
    return new FileTrees(context, IndexOptions.of(context.config()));
  }

  /** @return the {@code index} configuration, read once for the trees and the index */
  IndexOptions options() {
    return indexOptions;
  }

  /**
   * Walks a folder as {@link TreeWalker#walk} would, from memory where nothing changed since the last walk.
   * Blocking: on the pool.
   *
   * @param root the folder, opened now
   */
  TreeWalker.Walk walk(DirHandle root, TreeWalker.Options options, Predicate<String> keep) {
    TreeChanges told = indexOptions.enabled() ? changes() : null;
    if (told == null) {
      return TreeWalker.walk(context.io(), root, options, keep, SearchDefaults.HELPERS);
    }
    Key key = new Key(root.relative(), options.includeHidden(), Set.copyOf(options.skipFolders()), options.respectIgnore(),
      options.recursive());
    TreeWalker.Walk all = root.relative().equals(".") ? null : below(key, options, told);
    if (all == null) {
      FileTree tree = tree(key, options);
      all = tree.walk(context.io(), root, told, options.deadline(), options.stamps());
      bound(tree);
    }
    if (keep instanceof FileFilter filter && filter.acceptsAll()) {
      return all;
    }
    List<TreeWalker.Found> kept = new ArrayList<>();
    try {
      for (TreeWalker.Found file : all.files()) {
        if (keep.test(file.relative())) {
          kept.add(file);
        }
      }
    } catch (DeadlineChars.Expired expired) {
      // A glob's pattern may take the regex engine past the call's budget: what was kept so far, cut short.
      return new TreeWalker.Walk(kept, true, all.listed());
    }
    return new TreeWalker.Walk(kept, all.timedOut(), all.listed());
  }

  // A folder below the root, from the workspace's tree for the same options when one is kept and can tell.
  private TreeWalker.Walk below(Key key, TreeWalker.Options options, TreeChanges told) {
    FileTree top;
    synchronized (this) {
      top = trees.get(new Key(".", key.hidden(), key.skipped(), key.ignoreFiles(), key.recursive()));
    }
    if (top == null || !options.recursive()) {
      return null;
    }
    try (ResolvedPath resolved = context.workspace().locate(".");
         DirHandle workspaceRoot = resolved.openDirectory()) {
      return top.walkBelow(context.io(), workspaceRoot, told, options.deadline(), options.stamps(), key.relative());
    } catch (IOException e) {
      return null;
    }
  }

  /** @return what changed in the workspace, asked of the host once; null without a watcher. Blocking: on the pool */
  TreeChanges changes() {
    if (!asked) {
      synchronized (asking) {
        if (!asked) {
          changes = context.changes();
          asked = true;
        }
      }
    }
    return changes;
  }

  private synchronized FileTree tree(Key key, TreeWalker.Options options) {
    return trees.computeIfAbsent(key, made -> new FileTree(context.workspace().root(), made.relative(), options));
  }

  // The least recently walked go first; the one just walked stays unless it alone is past the bound.
  private synchronized void bound(FileTree walked) {
    if (walked.size() > MAX_FILES) {
      trees.values().remove(walked);
      return;
    }
    long files = 0;
    for (FileTree tree : trees.values()) {
      files += tree.size();
    }
    Iterator<Map.Entry<Key, FileTree>> eldest = trees.entrySet().iterator();
    while ((trees.size() > MAX_TREES || files > MAX_FILES) && eldest.hasNext()) {
      FileTree tree = eldest.next().getValue();
      if (tree != walked) {
        files -= tree.size();
        eldest.remove();
      }
    }
  }
}
