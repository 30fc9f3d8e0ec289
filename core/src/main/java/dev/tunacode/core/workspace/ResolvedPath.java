package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Errno;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.os.Stat;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

/**
 * A path argument walked from the workspace root: the folder that holds it is open, so what a tool
 * checks here is what it then opens, reads or writes. Symlinks that stay inside were followed, to their
 * target; the entry named here is never a symlink. Close it when done.
 */
public final class ResolvedPath implements AutoCloseable {

  private final Workspace workspace;
  private final DirHandle parent;
  private final String name;
  private final String relative;
  private final Stat stat;
  private final List<String> missingFolders;
  private final String blockedBy;
  private final DanglingLink danglingLink;

  ResolvedPath(Workspace workspace, DirHandle parent, String name, String relative, Stat stat, List<String> missingFolders,
               String blockedBy, DanglingLink danglingLink) {
    this.workspace = workspace;
    this.parent = parent;
    this.name = name;
    this.relative = relative;
    this.stat = stat;
    this.missingFolders = List.copyOf(missingFolders);
    this.blockedBy = blockedBy;
    this.danglingLink = danglingLink;
  }

  /** @return true when the entry exists */
  public boolean exists() {
    return stat != null;
  }

  /** @return what the entry was when it was reached, or null when it does not exist */
  public Stat stat() {
    return stat;
  }

  public boolean isDirectory() {
    return stat != null && stat.isDirectory();
  }

  public boolean isRegularFile() {
    return stat != null && stat.isRegularFile();
  }

  /**
   * @return the path relative to the root after following links, '/'-separated, "." for the root; names
   * are kept as they are on the disk (a backslash is part of a name)
   */
  public String relative() {
    return relative;
  }

  /** @return the absolute path it stands for, for messages and comparisons; never open it by this path */
  public Path path() {
    return relative.equals(".") ? workspace.root() : workspace.root().resolve(relative);
  }

  /** @return its last name, or "." for the root */
  public String name() {
    return name == null ? "." : name;
  }

  /**
   * @return the relative path of a file met where the path needs a folder (as {@code a.txt} in
   * {@code a.txt/b}), or null
   */
  public String blockedBy() {
    return blockedBy;
  }

  /**
   * @return for an entry that does not exist, the symlink on the path whose missing target it is in (the
   * entry itself, or a folder on the way), or null; creating the entry would create what the link points to
   */
  public DanglingLink danglingLink() {
    return danglingLink;
  }

  /** @return the folders that must be created before the entry can be (the empty list when its folder exists) */
  public List<String> missingFolders() {
    return missingFolders;
  }

  /** Opens the entry as a folder. */
  public DirHandle openDirectory() throws IOException {
    if (parent == null) {
      return workspace.openRoot();
    }
    return changedIfLink(() -> parent.openDirectory(name));
  }

  /** Opens the entry as a file to read; refuses anything that is not a regular file. */
  public FileHandle openFile() throws IOException {
    if (parent == null) {
      throw new NotRegularFileException(relative, stat);
    }
    return changedIfLink(() -> parent.openFile(name));
  }

  /**
   * Opens the folder the entry is in, which must exist; close what it returns.
   *
   * @throws NoSuchFileException when a folder on the way is missing
   */
  public DirHandle folder() throws IOException {
    if (parent == null) {
      return workspace.openRoot();
    }
    if (!missingFolders.isEmpty() || blockedBy != null) {
      throw new NoSuchFileException(relative);
    }
    return new DirHandle(workspace, parent.fd(), parent.relative(), false);
  }

  /**
   * Creates the missing folders, if any, and opens the folder the entry goes in; close what it returns.
   *
   * @throws NotDirectoryException when a file stands where a folder is needed
   */
  public DirHandle createFolders() throws IOException {
    if (blockedBy != null) {
      throw new NotDirectoryException(blockedBy);
    }
    if (parent == null) {
      return workspace.openRoot();
    }
    DirHandle folder = new DirHandle(workspace, parent.fd(), parent.relative(), false);
    try {
      for (String missing : missingFolders) {
        DirHandle next = folder.createDirectory(missing);
        folder.close();
        folder = next;
      }
      return folder;
    } catch (IOException | RuntimeException e) {
      folder.close();
      throw e;
    }
  }

  private interface Opening<T> {
    T open() throws IOException;
  }

  // The entry was checked to be no link when it was reached; one now means it was swapped since.
  private <T> T changedIfLink(Opening<T> opening) throws IOException {
    try {
      return opening.open();
    } catch (PosixException e) {
      if (e.errno() == Errno.ELOOP) {
        throw new ChangedException(relative);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (parent != null) {
      parent.close();
    }
  }
}
