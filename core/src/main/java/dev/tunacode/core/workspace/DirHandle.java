package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Errno;
import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.PosixException;
import dev.tunacode.core.os.Stat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;

/**
 * An open folder inside the workspace. Everything below it is reached relative to it and never through
 * a symlink, so a folder renamed, or swapped for a link to somewhere else, after it was opened cannot
 * lead a tool out of the workspace. Names given to its methods are single names (no '/'), except where
 * a method says it takes a relative path. Thread-safe; closing it while another thread uses it is not.
 */
public final class DirHandle implements AutoCloseable {

  private static final int FOLDER_MODE = 0777;

  private final Workspace workspace;
  private final String relative;
  private final boolean owned;
  private int fd;

  DirHandle(Workspace workspace, int fd, String relative, boolean owned) {
    this.workspace = workspace;
    this.fd = fd;
    this.relative = relative;
    this.owned = owned;
  }

  /** @return a handle on the same folder whose closing leaves this one open */
  public DirHandle view() throws IOException {
    return new DirHandle(workspace, fd(), relative, false);
  }

  /** @return its path relative to the workspace root, '/'-separated, "." for the root */
  public String relative() {
    return relative;
  }

  /** @return its absolute path, for messages: what it was reached as, not a path to open again */
  public Path path() {
    return relative.equals(".") ? workspace.root() : workspace.root().resolve(relative);
  }

  /** @return the relative path of a name in this folder */
  public String childRelative(String name) {
    return relative.equals(".") ? name : relative + "/" + name;
  }

  /**
   * Lists the folder. The stream reads attributes and opens sub-folders relative to the folder itself;
   * the paths it yields are for their names only.
   */
  public SecureDirectoryStream<Path> list() throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of("/proc/self/fd/" + fd()));
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException("This platform cannot list folders relative to an open one (no SecureDirectoryStream)");
  }

  /** @return what {@code name} is, without following it when it is a symlink */
  public Stat stat(String name) throws IOException {
    return Posix.lstatat(fd(), name);
  }

  /** @return true when this process may execute the file {@code name} */
  public boolean isExecutable(String name) throws IOException {
    return Posix.mayExecute(fd(), name);
  }

  /**
   * Opens a sub-folder; fails with {@code ELOOP} or {@code ENOTDIR} when {@code name} is a symlink or not
   * a folder.
   */
  public DirHandle openDirectory(String name) throws IOException {
    int child = Posix.openat(fd(), name, Posix.O_PATH | Posix.O_DIRECTORY | Posix.O_NOFOLLOW, 0);
    return new DirHandle(workspace, child, childRelative(name), true);
  }

  /** Opens a file of this folder for reading; a symlink is refused ({@code ELOOP}), anything not a file too. */
  public FileHandle openFile(String name) throws IOException {
    int file;
    try {
      file = Posix.openat(fd(), name, Posix.O_RDONLY | Posix.O_NOFOLLOW | Posix.O_NONBLOCK, 0);
    } catch (PosixException e) {
      // A socket, or a device without its driver, cannot be opened at all: it is refused as a FIFO is.
      if (e.errno() != Errno.ENXIO) {
        throw e;
      }
      throw new NotRegularFileException(childRelative(name), stat(name));
    }
    return FileHandle.checkedRegular(file, childRelative(name));
  }

  /**
   * Opens a file at a relative path below this folder for reading, following no symlink on the way.
   * It is not checked to be a regular file, which costs a call per file: for a walk that listed it as
   * one. Whatever took its place meanwhile cannot block the opening ({@code O_NONBLOCK}), a folder fails
   * its first read, and a FIFO or device reads as whatever it gives, so read it with a deadline.
   *
   * @param path '/'-separated, without '.' or '..'
   */
  public FileHandle openListedFileBeneath(String path) throws IOException {
    int file = Posix.openBeneath(fd(), path, Posix.O_RDONLY | Posix.O_NONBLOCK);
    if (file < 0) {
      try (DirHandle folder = folderOf(path)) {
        return folder.openFile(path.substring(path.lastIndexOf('/') + 1));
      }
    }
    return new FileHandle(file, childRelative(path));
  }

  /**
   * Opens a folder at a relative path below this one, following no symlink on the way.
   *
   * @param path '/'-separated, without '.' or '..'
   */
  public DirHandle openDirectoryBeneath(String path) throws IOException {
    int folder = Posix.openBeneath(fd(), path, Posix.O_PATH | Posix.O_DIRECTORY);
    if (folder < 0) {
      try (DirHandle parent = folderOf(path)) {
        return parent.openDirectory(path.substring(path.lastIndexOf('/') + 1));
      }
    }
    return new DirHandle(workspace, folder, childRelative(path), true);
  }

  // Without openat2, the same walk one component at a time.
  private DirHandle folderOf(String path) throws IOException {
    DirHandle folder = new DirHandle(workspace, fd(), relative, false);
    int from = 0;
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', from)) {
      DirHandle next = folder.openDirectory(path.substring(from, slash));
      folder.close();
      folder = next;
      from = slash + 1;
    }
    return folder;
  }

  /**
   * Creates a sub-folder if it is not there, and opens it.
   *
   * @throws PosixException {@code ENOTDIR} or {@code ELOOP} when something else than a folder has the name
   */
  public DirHandle createDirectory(String name) throws IOException {
    try {
      Posix.mkdirat(fd(), name, FOLDER_MODE);
    } catch (PosixException e) {
      if (e.errno() != Errno.EEXIST) {
        throw e;
      }
    }
    return openDirectory(name);
  }

  /**
   * Creates a file that must not exist yet, atomically: no reader ever sees it partly written, and a
   * name taken meanwhile is never replaced.
   *
   * @throws FileAlreadyExistsException when the name is taken
   */
  public void createFile(String name, byte[] content, int permissions) throws IOException {
    AtomicWrite.create(this, name, content, permissions);
  }

  /** Replaces a file's content atomically; the file keeps the permissions it had. */
  public void replaceFile(String name, byte[] content, int permissions) throws IOException {
    AtomicWrite.replace(this, name, content, permissions);
  }

  /** Forces the folder's entries to the disk, where the file system allows it. */
  public void sync() {
    try {
      int readable = Posix.openat(fd(), ".", Posix.O_RDONLY | Posix.O_DIRECTORY, 0);
      try {
        Posix.fsync(readable);
      } finally {
        Posix.close(readable);
      }
    } catch (IOException ignored) {
      // Some file systems refuse to sync a folder; the rename is still atomic.
    }
  }

  int fd() throws IOException {
    if (fd < 0) {
      throw new IOException("The folder '" + relative + "' was closed");
    }
    return fd;
  }

  @Override
  public void close() {
    if (owned && fd >= 0) {
      Posix.close(fd);
    }
    fd = -1;
  }
}
