package dev.tunacode.core.workspace;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The root folder a host serves. Every path argument goes through {@link #resolve} before any tool
 * touches the disk, and comes back as a real path inside the root or as {@code OUTSIDE_WORKSPACE}.
 * <p>
 * Tools must use the returned path, not the argument: it has symlinks resolved, so a link swapped in
 * later cannot lead the tool out.
 */
public final class Workspace {

  private static final int MAX_LINK_HOPS = 40;

  private final Path root;

  /**
   * @param root an existing folder
   * @throws IllegalArgumentException when the root is not a readable folder
   */
  public Workspace(Path root) {
    try {
      this.root = root.toAbsolutePath().toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("workspace root " + root + " cannot be resolved: " + e.getMessage(), e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new IllegalArgumentException("workspace root " + root + " is not a folder");
    }
  }

  /** @return the real path of the root */
  public Path root() {
    return root;
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
    if (!candidate.startsWith(root)) {
      throw outside(path);
    }
    return candidate;
  }

  /**
   * Resolves a path argument to a real path inside the root, following symlinks. Blocking: call it on
   * the shared pool only.
   *
   * @param path the argument as the agent wrote it
   * @return the real path; for a path that does not exist yet, the real path of its deepest existing
   * ancestor with the missing names appended
   */
  public Path resolve(String path) {
    Path resolved = followLinks(lexical(path), 0);
    if (!resolved.startsWith(root)) {
      throw outside(path);
    }
    return resolved;
  }

  /** @return the path relative to the root, with '/' separators, "." for the root itself */
  public String relativize(Path real) {
    if (real.equals(root)) {
      return ".";
    }
    return root.relativize(real).toString().replace('\\', '/');
  }

  private Path followLinks(Path absolute, int hops) {
    if (hops > MAX_LINK_HOPS) {
      throw new ToolException(ErrorCode.IO_ERROR, "Too many levels of symbolic links under '" + absolute + "'. Remove the link loop or use another path.");
    }
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    Path rest = existing.relativize(absolute);
    Path real;
    try {
      real = existing.toRealPath();
    } catch (FileSystemException e) {
      real = followDanglingLink(existing, hops);
    } catch (IOException e) {
      throw new ToolException(ErrorCode.IO_ERROR, "Could not resolve '" + absolute + "': " + e.getMessage());
    }
    return rest.toString().isEmpty() ? real : real.resolve(rest).normalize();
  }

  // toRealPath fails for a dangling or looping link; follow it one hop by hand so that a link leading
  // out is still caught, whether or not its target exists.
  private Path followDanglingLink(Path link, int hops) {
    if (!Files.isSymbolicLink(link)) {
      Path parent = link.getParent();
      Path realParent = parent == null ? null : followLinks(parent, hops + 1);
      return realParent == null ? link : realParent.resolve(link.getFileName());
    }
    try {
      Path target = Files.readSymbolicLink(link);
      Path parent = followLinks(link.getParent(), hops + 1);
      return followLinks(parent.resolve(target).normalize(), hops + 1);
    } catch (IOException e) {
      throw new ToolException(ErrorCode.IO_ERROR, "Could not read the link '" + link + "': " + e.getMessage());
    }
  }

  private static ToolException outside(String path) {
    return new ToolException(ErrorCode.OUTSIDE_WORKSPACE,
      "The path '" + path + "' is outside the workspace. Use a path inside the workspace root, relative to it.");
  }
}
