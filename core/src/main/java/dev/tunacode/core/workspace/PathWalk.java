package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Errno;
import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.os.Stat;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks a path from the root's handle one name at a time, each opened relative to the folder before it
 * and never through a symlink. A symlink met on the way is read and its target walked in its place,
 * from the folder it sits in (relative) or from the root (absolute, and only when it names a place
 * inside the root); a {@code ..} goes back to the folder walked before, never past the root. So the
 * walk cannot leave the root, whatever is renamed or swapped for a link while it runs: a name that
 * changes between its check and its opening makes the walk fail, never step out.
 */
final class PathWalk {

  private static final int MAX_LINK_HOPS = 40;
  private static final int MAX_CHANGES = 16;

  private final Workspace workspace;
  private final String argument;
  private final Deque<Step> todo = new ArrayDeque<>();
  private final Deque<DirHandle> folders = new ArrayDeque<>();
  private final List<String> names = new ArrayList<>();
  private int hops;
  private int changes;

  /** A name still to walk, and the symlink of the argument whose target it comes from, if any. */
  private record Step(String name, Link via) {
  }

  /** A symlink the argument named, and whether it was the argument's last name. */
  private record Link(String relative, boolean entry) {
  }

  private PathWalk(Workspace workspace, String argument, List<String> start) {
    this.workspace = workspace;
    this.argument = argument;
    start.forEach(name -> todo.add(new Step(name, null)));
  }

  static ResolvedPath walk(Workspace workspace, String argument, List<String> names) throws IOException {
    ResolvedPath direct = direct(workspace, names);
    if (direct != null) {
      return direct;
    }
    PathWalk walk = new PathWalk(workspace, argument, names);
    walk.folders.push(workspace.openRoot());
    try {
      return walk.run();
    } finally {
      walk.folders.forEach(DirHandle::close);
    }
  }

  // The common case in two system calls instead of two a name: no symlink and no '..' on the way, and the
  // entry there. The kernel opens the folder without following any link and without leaving the root
  // (openat2); anything else (a link, a missing name, a kernel without openat2) takes the walk.
  private static ResolvedPath direct(Workspace workspace, List<String> names) {
    if (names.isEmpty() || names.stream().anyMatch(name -> name.isEmpty() || name.equals(".") || name.equals(".."))) {
      return null;
    }
    String last = names.get(names.size() - 1);
    String relative = String.join("/", names);
    DirHandle parent = workspace.openRoot();
    try {
      if (names.size() > 1) {
        DirHandle root = parent;
        parent = null;
        int fd = Posix.openBeneath(root.fd(), relative.substring(0, relative.length() - last.length() - 1),
          Posix.O_PATH | Posix.O_DIRECTORY);
        root.close();
        if (fd < 0) {
          return null;
        }
        parent = new DirHandle(workspace, fd, relative.substring(0, relative.length() - last.length() - 1), true);
      }
      Stat stat = parent.stat(last);
      if (stat.isSymbolicLink()) {
        return null;
      }
      ResolvedPath found = new ResolvedPath(workspace, parent, last, relative, stat, List.of(), null, null);
      parent = null;
      return found;
    } catch (IOException | RuntimeException e) {
      return null;
    } finally {
      if (parent != null) {
        parent.close();
      }
    }
  }

  private ResolvedPath run() throws IOException {
    while (!todo.isEmpty()) {
      Step step = todo.pollFirst();
      String name = step.name();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        up();
        continue;
      }
      DirHandle folder = folders.peek();
      Stat stat;
      try {
        stat = folder.stat(name);
      } catch (PosixException e) {
        if (e.errno() != Errno.ENOENT) {
          throw e;
        }
        if (todo.stream().anyMatch(next -> next.name().equals(".."))) {
          renormalize(step);
          continue;
        }
        return missing(step);
      }
      if (stat.isSymbolicLink()) {
        follow(folder, step);
      } else if (todo.isEmpty()) {
        return found(name, stat);
      } else if (!stat.isDirectory()) {
        return blocked(name);
      } else {
        enter(folder, step);
      }
    }
    return self();
  }

  private void up() {
    if (names.isEmpty()) {
      throw Workspace.outside(argument);
    }
    folders.pop().close();
    names.remove(names.size() - 1);
  }

  private void enter(DirHandle folder, Step step) throws IOException {
    String name = step.name();
    try {
      folders.push(folder.openDirectory(name));
      names.add(name);
    } catch (PosixException e) {
      boolean swapped = e.errno() == Errno.ELOOP || e.errno() == Errno.ENOTDIR || e.errno() == Errno.ENOENT;
      if (!swapped) {
        throw e;
      }
      if (++changes > MAX_CHANGES) {
        throw new ChangedException(joined(name));
      }
      todo.addFirst(step);
    }
  }

  private void follow(DirHandle folder, Step step) throws IOException {
    String name = step.name();
    if (++hops > MAX_LINK_HOPS) {
      throw new ToolException(ErrorCode.IO_ERROR, "Too many levels of symbolic links under '" + argument
        + "'. Remove the link loop or use another path.");
    }
    String target;
    try {
      target = Posix.readlinkat(folder.fd(), name);
    } catch (PosixException e) {
      if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) {
        throw e;
      }
      // No longer a link: look at the name again.
      if (++changes > MAX_CHANGES) {
        throw new ChangedException(joined(name));
      }
      todo.addFirst(step);
      return;
    }
    // A link met inside another's target belongs to the one the argument named.
    Link via = step.via() != null ? step.via() : new Link(joined(name), todo.isEmpty());
    List<String> parts = new ArrayList<>(Workspace.split(target));
    if (target.startsWith("/")) {
      Path absolute;
      try {
        absolute = Path.of(target).normalize();
      } catch (InvalidPathException e) {
        throw Workspace.outside(argument);
      }
      Path inside = workspace.underRoot(absolute);
      if (inside == null) {
        throw Workspace.outside(argument);
      }
      while (folders.size() > 1) {
        folders.pop().close();
      }
      names.clear();
      parts = new ArrayList<>(Workspace.split(workspace.root().relativize(inside).toString()));
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      todo.addFirst(new Step(parts.get(i), via));
    }
  }

  // Below a missing folder, "missing/../x" can only mean "x": fold such pairs, then walk on.
  private void renormalize(Step missing) {
    List<Step> rest = new ArrayList<>();
    rest.add(missing);
    rest.addAll(todo);
    todo.clear();
    Deque<Step> folded = new ArrayDeque<>();
    for (Step part : rest) {
      if (part.name().equals("..") && !folded.isEmpty() && !folded.peekLast().name().equals("..")) {
        folded.removeLast();
      } else if (!part.name().isEmpty() && !part.name().equals(".")) {
        folded.addLast(part);
      }
    }
    todo.addAll(folded);
  }

  private ResolvedPath missing(Step step) {
    String name = step.name();
    List<String> rest = names(todo);
    List<String> absent = new ArrayList<>();
    absent.add(name);
    absent.addAll(rest);
    String last = absent.remove(absent.size() - 1);
    DanglingLink dangling = null;
    if (step.via() != null) {
      List<String> target = names(todo.stream().filter(next -> next.via() == step.via()).toList());
      dangling = new DanglingLink(step.via().relative(), joined(name, target), step.via().entry());
    }
    return new ResolvedPath(workspace, folders.pop(), last, joined(name, rest), null, absent, null, dangling);
  }

  private ResolvedPath blocked(String name) {
    List<String> rest = names(todo);
    List<String> absent = new ArrayList<>(rest);
    String last = absent.remove(absent.size() - 1);
    absent.add(0, name);
    return new ResolvedPath(workspace, folders.pop(), last, joined(name, rest), null, absent, joined(name), null);
  }

  private ResolvedPath found(String name, Stat stat) {
    return new ResolvedPath(workspace, folders.pop(), name, joined(name), stat, List.of(), null, null);
  }

  private static List<String> names(Iterable<Step> steps) {
    List<String> names = new ArrayList<>();
    steps.forEach(step -> names.add(step.name()));
    return names;
  }

  // The path ended on a folder that is open already (the root, or a link to a folder): hand over its parent.
  private ResolvedPath self() throws IOException {
    if (names.isEmpty()) {
      return new ResolvedPath(workspace, null, null, ".", Posix.fstat(folders.peek().fd()), List.of(), null, null);
    }
    String name = names.remove(names.size() - 1);
    folders.pop().close();
    todo.add(new Step(name, null));
    return run();
  }

  private String joined(String name) {
    return joined(name, List.of());
  }

  private String joined(String name, Iterable<String> more) {
    StringBuilder path = new StringBuilder();
    for (String part : names) {
      path.append(part).append('/');
    }
    path.append(name);
    for (String part : more) {
      path.append('/').append(part);
    }
    return path.toString();
  }
}
