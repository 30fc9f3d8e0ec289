package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.spi.BlockingIo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Walks a tree on a few pool threads and returns its files sorted by path, component by component, as
 * ripgrep sorts them. It skips hidden names (unless asked), the given folder names, symlinks, unreadable
 * folders and what {@code .gitignore} and {@code .ignore} files say, and stops at a deadline.
 */
final class TreeWalker {

  /** A file found, with its path relative to the root ('/'-separated) and its size. */
  record Found(String relative, Path path, long size) {
  }

  /**
   * @param files    the files, sorted
   * @param timedOut true when the deadline cut the walk short
   */
  record Walk(List<Found> files, boolean timedOut) {
  }

  /**
   * @param includeHidden  walk names that start with a dot
   * @param skipFolders    folder names never entered
   * @param respectIgnore  obey .gitignore and .ignore files
   * @param recursive      enter sub-folders
   * @param deadlineNanos  System.nanoTime() past which the walk stops
   */
  record Options(boolean includeHidden, Set<String> skipFolders, boolean respectIgnore, boolean recursive, long deadlineNanos) {
  }

  /** A unit of work on a shared queue: listing a folder, or anything a caller adds. */
  interface Task {
    void run(WorkQueue<Task> queue);
  }

  private record Folder(Path path, String relative, IgnoreRules rules, Options options, Predicate<String> keep,
                        Consumer<Found> sink, boolean[] late) implements Task {
    @Override
    public void run(WorkQueue<Task> queue) {
      if (System.nanoTime() > options.deadlineNanos()) {
        late[0] = true;
        queue.stop();
        return;
      }
      list(this, queue);
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

  static Walk walk(BlockingIo io, Path root, Options options, Predicate<String> keep, int helpers) {
    ConcurrentLinkedQueue<Found> found = new ConcurrentLinkedQueue<>();
    WorkQueue<Task> queue = new WorkQueue<>();
    boolean[] late = new boolean[1];
    start(queue, root, options, keep, found::add, late);
    queue.drain(io, helpers, Task::run);
    List<Found> files = new ArrayList<>(found);
    files.sort((a, b) -> PATH_ORDER.compare(a.relative(), b.relative()));
    return new Walk(files, late[0] || queue.stopped());
  }

  /**
   * Adds the walk of {@code root} to a queue that may carry other tasks too; each file found goes to
   * {@code sink} as soon as it is found, from whichever thread found it. {@code late[0]} turns true when
   * the deadline stopped the walk.
   */
  static void start(WorkQueue<Task> queue, Path root, Options options, Predicate<String> keep, Consumer<Found> sink,
                    boolean[] late) {
    queue.add(new Folder(root, "", options.respectIgnore() ? IgnoreRules.none() : null, options, keep, sink, late));
  }

  private static void list(Folder folder, WorkQueue<Task> work) {
    Options options = folder.options();
    List<Path> children = new ArrayList<>();
    List<String> ignoreFiles = new ArrayList<>(0);
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder.path())) {
      for (Path child : stream) {
        String name = child.getFileName().toString();
        if (IgnoreRules.FILES.contains(name)) {
          ignoreFiles.add(name);
        }
        if (options.includeHidden() || !name.startsWith(".")) {
          children.add(child);
        }
      }
      IgnoreRules rules = folder.rules();
      if (rules != null && !ignoreFiles.isEmpty()) {
        try {
          rules = rules.child(folder.path(), folder.relative(), ignoreFiles);
        } catch (IOException unreadable) {
          // An unreadable ignore file ignores nothing, as in git.
        }
      }
      for (Path child : children) {
        visit(folder, work, rules, stream, child);
      }
    } catch (IOException | SecurityException unreadable) {
      // An unreadable folder is skipped, as ripgrep skips it.
    }
  }

  private static void visit(Folder folder, WorkQueue<Task> work, IgnoreRules rules, DirectoryStream<Path> stream, Path child) {
    Options options = folder.options();
    String name = child.getFileName().toString();
    String relative = folder.relative().isEmpty() ? name : folder.relative() + "/" + name;
    BasicFileAttributes attributes;
    try {
      attributes = attributes(stream, child);
    } catch (IOException vanished) {
      return;
    }
    if (attributes.isDirectory()) {
      if (options.recursive() && !options.skipFolders().contains(name) && (rules == null || !rules.ignored(relative, true))) {
        work.add(new Folder(child, relative, rules, options, folder.keep(), folder.sink(), folder.late()));
      }
    } else if (attributes.isRegularFile() && (rules == null || !rules.ignored(relative, false)) && folder.keep().test(relative)) {
      folder.sink().accept(new Found(relative, child, attributes.size()));
    }
  }

  // Relative to the open folder where the platform allows (fstatat on Linux): a stat by the whole path
  // walks every component of it again, which was a good part of a walk's time.
  private static BasicFileAttributes attributes(DirectoryStream<Path> stream, Path child) throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure.getFileAttributeView(child.getFileName(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes();
    }
    return Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }
}
