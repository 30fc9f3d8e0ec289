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
  private final Deque<String> todo;
  private final Deque<DirHandle> folders = new ArrayDeque<>();
  private final List<String> names = new ArrayList<>();
  private int hops;
  private int changes;

  private PathWalk(Workspace workspace, String argument, List<String> start) {
    this.workspace = workspace;
    this.argument = argument;
    this.todo = new ArrayDeque<>(start);
  }

  static ResolvedPath walk(Workspace workspace, String argument, List<String> names) throws IOException {
    PathWalk walk = new PathWalk(workspace, argument, names);
    walk.folders.push(workspace.openRoot());
    try {
      return walk.run();
    } finally {
      walk.folders.forEach(DirHandle::close);
    }
  }

  private ResolvedPath run() throws IOException {
    while (!todo.isEmpty()) {
      String name = todo.pollFirst();
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
        if (todo.contains("..")) {
          renormalize(name);
          continue;
        }
        return missing(name);
      }
      if (stat.isSymbolicLink()) {
        follow(folder, name);
      } else if (todo.isEmpty()) {
        return found(name, stat);
      } else if (!stat.isDirectory()) {
        return blocked(name);
      } else {
        enter(folder, name);
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

  private void enter(DirHandle folder, String name) throws IOException {
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
      todo.addFirst(name);
    }
  }

  private void follow(DirHandle folder, String name) throws IOException {
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
      todo.addFirst(name);
      return;
    }
    List<String> parts = new ArrayList<>(Workspace.split(target));
    if (target.startsWith("/")) {
      Path absolute;
      try {
        absolute = Path.of(target).normalize();
      } catch (InvalidPathException e) {
        throw Workspace.outside(argument);
      }
      if (!absolute.startsWith(workspace.root())) {
        throw Workspace.outside(argument);
      }
      while (folders.size() > 1) {
        folders.pop().close();
      }
      names.clear();
      parts = new ArrayList<>(Workspace.split(workspace.root().relativize(absolute).toString()));
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      todo.addFirst(parts.get(i));
    }
  }

  // Below a missing folder, "missing/../x" can only mean "x": fold such pairs, then walk on.
  private void renormalize(String name) {
    List<String> rest = new ArrayList<>();
    rest.add(name);
    rest.addAll(todo);
    todo.clear();
    Deque<String> folded = new ArrayDeque<>();
    for (String part : rest) {
      if (part.equals("..") && !folded.isEmpty() && !folded.peekLast().equals("..")) {
        folded.removeLast();
      } else if (!part.isEmpty() && !part.equals(".")) {
        folded.addLast(part);
      }
    }
    todo.addAll(folded);
  }

  private ResolvedPath missing(String name) {
    List<String> absent = new ArrayList<>();
    absent.add(name);
    absent.addAll(todo);
    String last = absent.remove(absent.size() - 1);
    return new ResolvedPath(workspace, folders.pop(), last, joined(name, todo), null, absent, null);
  }

  private ResolvedPath blocked(String name) {
    List<String> absent = new ArrayList<>(todo);
    String last = absent.remove(absent.size() - 1);
    absent.add(0, name);
    return new ResolvedPath(workspace, folders.pop(), last, joined(name, todo), null, absent, joined(name));
  }

  private ResolvedPath found(String name, Stat stat) {
    return new ResolvedPath(workspace, folders.pop(), name, joined(name), stat, List.of(), null);
  }

  // The path ended on a folder that is open already (the root, or a link to a folder): hand over its parent.
  private ResolvedPath self() throws IOException {
    if (names.isEmpty()) {
      return new ResolvedPath(workspace, null, null, ".", Posix.fstat(folders.peek().fd()), List.of(), null);
    }
    String name = names.remove(names.size() - 1);
    folders.pop().close();
    todo.add(name);
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
