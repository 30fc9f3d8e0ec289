package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.Stat;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The root folder a host serves. The root is opened once; every path argument is then walked from that
 * handle, one name at a time, without following a link out ({@link #locate}). Tools read and write
 * through the handles a walk gives, never by the path's name again, so that a folder swapped for a
 * symlink between a check and its use cannot lead them out of the workspace.
 * <p>
 * What it cannot see: a hard link to a file outside looks like any file inside (see docs/security.md).
 */
public final class Workspace {

  /** The id of a host's only workspace, and of the one a request that names none is for. */
  public static final String DEFAULT_ID = "default";
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final String id;
  private final Path root;
  private final Path given;
  private final int rootFd;

  /**
   * @param root an existing folder; when it is reached through a symlink, absolute paths under it as
   *             given are taken as well as those under its real path
   * @throws IllegalArgumentException when the root is not a readable folder
   */
  public Workspace(Path root) {
    this(DEFAULT_ID, root);
  }

  /**
   * @param id the workspace's id, as requests name it (see {@link #checkId})
   * @param root an existing folder, as for {@link #Workspace(Path)}
   */
  public Workspace(String id, Path root) {
    String wrong = checkId(id);
    if (wrong != null) {
      throw new IllegalArgumentException(wrong);
    }
    this.id = id;
    try {
      this.root = root.toAbsolutePath().toRealPath();
      Path named = root.toAbsolutePath().normalize();
      // Only a name that still leads to the same folder once its own ".." and links are resolved.
      this.given = !named.equals(this.root) && named.toRealPath().equals(this.root) ? named : null;
    } catch (IOException e) {
      throw new IllegalArgumentException("workspace root " + root + " cannot be resolved: " + e.getMessage(), e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new IllegalArgumentException("workspace root " + root + " is not a folder");
    }
    try {
      this.rootFd = Posix.openat(Posix.AT_FDCWD, this.root.toString(), Posix.O_PATH | Posix.O_DIRECTORY, 0);
    } catch (PosixException e) {
      throw new IllegalArgumentException("workspace root " + root + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /**
   * A workspace id goes into event-bus addresses, so it is a plain name.
   *
   * @return null when {@code id} may name a workspace, else what is wrong with it
   */
  public static String checkId(String id) {
    if (id != null && ID.matcher(id).matches()) {
      return null;
    }
    return "A workspace id is 1 to 64 letters, digits, '-' or '_', starting with a letter or digit; got "
      + (id == null ? "none" : "'" + (id.length() > 80 ? id.substring(0, 80) + "…" : id) + "'") + ".";
  }

  /** @return the workspace's id */
  public String id() {
    return id;
  }

  /** @return the real path of the root, for messages and for processes that need a folder by name */
  public Path root() {
    return root;
  }

  /** @return a handle on the root; closing it leaves the workspace's own open */
  public DirHandle openRoot() {
    return new DirHandle(this, rootFd, ".", false);
  }

  /**
   * Checks a path argument without touching the disk: characters, {@code ..} and absolute paths.
   *
   * @param path the argument as the agent wrote it, relative to the root or absolute
   * @return the normalized absolute path, symlinks not yet resolved
   */
  public Path lexical(String path) {
    if (path == null || path.isEmpty()) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The path is empty. Give a path relative to the workspace root, such as 'src/Main.java' or '.'.");
    }
    if (path.indexOf('\0') >= 0) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The path '" + path.replace("\0", "\\0") + "' contains a NUL character. Remove it and try again.");
    }
    Path candidate;
    try {
      candidate = root.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "The path '" + path + "' is not a valid path: " + e.getReason() + ".");
    }
    Path inside = underRoot(candidate);
    if (inside == null) {
      throw outside(path);
    }
    return inside;
  }

  /**
   * @param absolute a normalized absolute path
   * @return the same place under the real root, or null when it is not under the root by either of its
   * names; the name the root was given by is never opened, only read as another spelling of the root
   */
  Path underRoot(Path absolute) {
    if (absolute.startsWith(root)) {
      return absolute;
    }
    if (given != null && absolute.startsWith(given)) {
      return root.resolve(given.relativize(absolute).toString());
    }
    return null;
  }

  /**
   * Walks a path argument from the root, following symlinks that stay inside. Blocking: call it on the
   * shared pool only. Close what it returns.
   *
   * @param path the argument as the agent wrote it
   * @throws ToolException {@code OUTSIDE_WORKSPACE} when the path or a link on it leads out; {@code IO_ERROR}
   *                       for a link loop
   * @throws IOException   when the system refuses a step (a folder it may not enter, say)
   */
  public ResolvedPath locate(String path) throws IOException {
    return PathWalk.walk(this, path, split(root.relativize(lexical(path)).toString()));
  }

  /**
   * Resolves a path argument to the real path it stands for inside the root, following symlinks, for
   * comparing footprints. Blocking. Tools must not open what it returns: use {@link #locate}.
   *
   * @return the real path; for a path that does not exist yet, the real path of its deepest existing
   * folder with the missing names appended
   */
  public Path resolve(String path) {
    try (ResolvedPath resolved = locate(path)) {
      return resolved.path();
    } catch (IOException e) {
      throw new ToolException(ErrorCode.IO_ERROR, "Could not resolve '" + path + "': " + e.getMessage());
    }
  }

  /**
   * What a path argument leads to when nothing on the way is a symlink: one {@code openat2} that follows no
   * link and cannot leave the root, and a {@code stat} of what it opened. Blocking.
   *
   * @param lexical the argument as {@link #lexical} gave it: under the root
   * @return its stat, or null when it cannot be reached that way (a link on the way, nothing there, a kernel
   * without {@code openat2}): {@link #resolve} then says where it leads
   */
  public Stat statDirect(Path lexical) {
    try {
      String relative = root.relativize(lexical).toString();
      if (relative.isEmpty()) {
        return Posix.fstat(rootFd);
      }
      int fd = Posix.openBeneath(rootFd, relative, Posix.O_PATH);
      if (fd < 0) {
        return null;
      }
      try {
        return Posix.fstat(fd);
      } finally {
        Posix.close(fd);
      }
    } catch (IOException | RuntimeException unreachable) {
      return null;
    }
  }

  static List<String> split(String relative) {
    List<String> names = new ArrayList<>();
    int from = 0;
    while (from <= relative.length()) {
      int slash = relative.indexOf('/', from);
      int end = slash < 0 ? relative.length() : slash;
      if (end > from) {
        names.add(relative.substring(from, end));
      }
      from = end + 1;
    }
    return names;
  }

  static ToolException outside(String path) {
    return new ToolException(ErrorCode.OUTSIDE_WORKSPACE,
      "The path '" + path + "' is outside the workspace. Use a path inside the workspace root, relative to it.");
  }
}
