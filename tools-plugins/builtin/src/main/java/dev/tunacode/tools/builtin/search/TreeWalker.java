package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.cache.FileStamp;
import dev.tunacode.core.os.Stat;

import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.workspace.DirHandle;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Walks a tree on a few pool threads and returns its files sorted by path, component by component, as
 * ripgrep sorts them. It skips hidden names (unless asked), the given folder names, symlinks, unreadable
 * folders and what {@code .gitignore} and {@code .ignore} files say, and stops at a deadline. Every
 * folder is opened below the walk's root without following a link ({@link DirHandle#openDirectoryBeneath}),
 * so a folder swapped for a link while the walk runs is skipped, never entered.
 */
final class TreeWalker {

  /**
   * A file found, with its path relative to the walk's root ('/'-separated) and its size.
   *
   * @param stamp  what its {@code statx} said, when the walk was asked for stamps; otherwise null
   * @param linked true when the file has other names (hard links), when the walk was asked for stamps: a write
   *               through another name changes it with no event for this one
   */
  record Found(String relative, long size, FileStamp stamp, boolean linked) {
    Found(String relative, long size, FileStamp stamp) {
      this(relative, size, stamp, false);
    }

    Found(String relative, long size) {
      this(relative, size, null);
    }
  }

  /**
   * @param files    the files, sorted
   * @param timedOut true when the deadline cut the walk short
   * @param listed   how many folders were read from the disk (none when a {@link FileTree} knew them all)
   */
  record Walk(List<Found> files, boolean timedOut, int listed) {
    Walk(List<Found> files, boolean timedOut) {
      this(files, timedOut, 0);
    }
  }

  /**
   * @param includeHidden  walk names that start with a dot
   * @param skipFolders    folder names never entered
   * @param respectIgnore  obey .gitignore and .ignore files
   * @param recursive      enter sub-folders
   * @param deadline       past which the walk stops
   * @param stamps         give each file its {@link FileStamp} (one {@code statx} with the change time and inode,
   *                       in place of the JDK's {@code fstatat}), for the content index
   */
  record Options(boolean includeHidden, Set<String> skipFolders, boolean respectIgnore, boolean recursive, Deadline deadline,
                 boolean stamps) {
    Options(boolean includeHidden, Set<String> skipFolders, boolean respectIgnore, boolean recursive, Deadline deadline) {
      this(includeHidden, skipFolders, respectIgnore, recursive, deadline, false);
    }
  }

  /**
   * One folder's entries as a walk sees them.
   *
   * @param files       its files, not yet put to the walk's predicate, in the order the folder gave them
   * @param folders     the paths of the folders under it to enter
   * @param rules       the ignore rules its entries were judged by (its own files' on top of its parent's); null
   *                    when the walk does not obey them
   * @param ignoreFiles which of {@link IgnoreRules#FILES} it holds
   */
  record Listing(List<Found> files, List<String> folders, IgnoreRules rules, List<String> ignoreFiles) {
    static final Listing UNREADABLE = new Listing(List.of(), List.of(), null, List.of());
  }

  private record Folder(DirHandle root, String relative, IgnoreRules rules, Options options, Predicate<String> keep,
                        Consumer<Found> sink, boolean[] late, AtomicInteger listed) {
    void run(WorkQueue<Folder> queue) {
      if (options.deadline().passed()) {
        late[0] = true;
        queue.stop();
        return;
      }
      try {
        Listing listing = list(root, relative, rules, options);
        listed.incrementAndGet();
        for (Found file : listing.files()) {
          if (keep.test(file.relative())) {
            sink.accept(file);
          }
        }
        for (String folder : listing.folders()) {
          queue.add(new Folder(root, folder, listing.rules(), options, keep, sink, late, listed));
        }
      } catch (DeadlineChars.Expired expired) {
        late[0] = true;
        queue.stop();
      }
    }
  }

  /** Orders '/'-separated paths component by component. */
  static final Comparator<String> PATH_ORDER = (a, b) -> {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return (x == '/' ? 0 : x) - (y == '/' ? 0 : y);
      }
    }
    return a.length() - b.length();
  };

  private TreeWalker() {
  }

  /**
   * @param root the folder to walk; it stays open for the walk, which returns once no thread works on it
   */
  static Walk walk(BlockingIo io, DirHandle root, Options options, Predicate<String> keep, int helpers) {
    ConcurrentLinkedQueue<Found> found = new ConcurrentLinkedQueue<>();
    WorkQueue<Folder> queue = new WorkQueue<>();
    boolean[] late = new boolean[1];
    AtomicInteger listed = new AtomicInteger();
    queue.add(new Folder(root, "", options.respectIgnore() ? IgnoreRules.none() : null, options, keep, found::add, late, listed));
    queue.drain(io, helpers, Folder::run);
    List<Found> files = new ArrayList<>(found);
    files.sort((a, b) -> PATH_ORDER.compare(a.relative(), b.relative()));
    return new Walk(files, late[0] || queue.stopped(), listed.get());
  }

  /**
   * Lists one folder below a walk's root: an unreadable one (or one swapped for a link) is empty, as
   * ripgrep skips it.
   *
   * @param relative the folder's path below the root, "" for the root itself
   * @param rules    the ignore rules of the folder's parent; null when they are not obeyed
   * @throws DeadlineChars.Expired when the deadline passes
   */
  static Listing list(DirHandle root, String relative, IgnoreRules rules, Options options) {
    List<Path> children = new ArrayList<>();
    List<String> ignoreFiles = new ArrayList<>(0);
    try (DirHandle handle = relative.isEmpty() ? root.view() : root.openDirectoryBeneath(relative);
         SecureDirectoryStream<Path> stream = handle.list()) {
      int seen = 0;
      for (Path child : stream) {
        // A folder may hold millions of names; the deadline holds inside one too.
        if ((++seen & 4095) == 0 && options.deadline().passed()) {
          throw DeadlineChars.EXPIRED;
        }
        String name = child.getFileName().toString();
        if (IgnoreRules.FILES.contains(name)) {
          ignoreFiles.add(name);
        }
        if (options.includeHidden() || !name.startsWith(".")) {
          children.add(child.getFileName());
        }
      }
      IgnoreRules own = rules != null && !ignoreFiles.isEmpty() ? rules.child(handle, relative, ignoreFiles) : rules;
      Listing listing = new Listing(new ArrayList<>(), new ArrayList<>(), own, ignoreFiles);
      for (Path child : children) {
        visit(relative, listing, stream, handle, child, options);
      }
      return listing;
    } catch (IOException | SecurityException unreadable) {
      return Listing.UNREADABLE;
    }
  }

  private static void visit(String parent, Listing listing, SecureDirectoryStream<Path> stream, DirHandle handle, Path child,
                            Options options) {
    String name = child.toString();
    String relative = parent.isEmpty() ? name : parent + "/" + name;
    boolean directory;
    boolean regular;
    long size;
    FileStamp stamp = null;
    boolean linked = false;
    try {
      if (options.stamps()) {
        Stat stat = handle.stat(name);
        directory = stat.isDirectory();
        regular = stat.isRegularFile();
        size = stat.size();
        stamp = FileStamp.of(stat);
        linked = stat.links() > 1;
      } else {
        // fstatat relative to the open folder: a stat by the whole path walks every component of it again.
        BasicFileAttributes attributes = stream.getFileAttributeView(child, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
        directory = attributes.isDirectory();
        regular = attributes.isRegularFile();
        size = attributes.size();
      }
    } catch (IOException vanished) {
      return;
    }
    IgnoreRules rules = listing.rules();
    Deadline deadline = options.deadline();
    if (directory) {
      if (options.recursive() && !options.skipFolders().contains(name) && (rules == null || !rules.ignored(relative, true, deadline))) {
        listing.folders().add(relative);
      }
    } else if (regular && (rules == null || !rules.ignored(relative, false, deadline))) {
      listing.files().add(new Found(relative, size, stamp, linked));
    }
  }
}
