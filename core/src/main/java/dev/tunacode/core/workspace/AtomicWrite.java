package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Errno;
import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.PosixException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes whole files so that no reader, crash or kill ever sees one half written. The bytes go to an
 * unnamed file in the target's folder ({@code O_TMPFILE}), are forced to the disk, and only then get a
 * name: a host killed while writing leaves nothing behind, since a file without a name vanishes with
 * its last descriptor.
 * <p>
 * Replacing needs a name to rename from; that name is {@code .<name>.tunacode.tmp}, the same for every
 * write of the file, and it exists only between one link and one rename. A kill in that instant leaves
 * one such file, which the next write of the same file takes over: leftovers never pile up.
 * On a file system without {@code O_TMPFILE} the temporary file is named from the start.
 */
final class AtomicWrite {

  private static final int MAX_NAME_BYTES = 255;
  private static final int ATTEMPTS = 8;

  private AtomicWrite() {
  }

  static void create(DirHandle folder, String name, byte[] content, int permissions) throws IOException {
    int unnamed = unnamedFile(folder);
    if (unnamed < 0) {
      String temp = writeNamed(folder, name, content, permissions);
      try {
        Posix.linkat(folder.fd(), temp, name);
      } catch (PosixException e) {
        throw e.errno() == Errno.EEXIST ? new FileAlreadyExistsException(folder.childRelative(name)) : e;
      } finally {
        unlinkQuietly(folder, temp);
      }
      folder.sync();
      return;
    }
    try (FileHandle file = new FileHandle(unnamed, folder.childRelative(name))) {
      fill(file, content, permissions);
      try {
        Posix.linkOpenFile(file.fd(), folder.fd(), name);
      } catch (PosixException e) {
        throw e.errno() == Errno.EEXIST ? new FileAlreadyExistsException(folder.childRelative(name)) : e;
      }
    }
    folder.sync();
  }

  static void replace(DirHandle folder, String name, byte[] content, int permissions) throws IOException {
    int unnamed = unnamedFile(folder);
    if (unnamed < 0) {
      String temp = writeNamed(folder, name, content, permissions);
      try {
        Posix.renameat(folder.fd(), temp, name);
      } catch (IOException e) {
        unlinkQuietly(folder, temp);
        throw e;
      }
      folder.sync();
      return;
    }
    String temp = tempName(name);
    try (FileHandle file = new FileHandle(unnamed, folder.childRelative(name))) {
      fill(file, content, permissions);
      for (int attempt = 1; ; attempt++) {
        try {
          Posix.linkOpenFile(file.fd(), folder.fd(), temp);
          Posix.renameat(folder.fd(), temp, name);
          break;
        } catch (PosixException e) {
          // EEXIST: a killed write's leftover, or another writer of the same file between its link and
          // rename. Take the name over; a writer whose name was taken links again (ENOENT on rename).
          boolean contended = e.errno() == Errno.EEXIST || e.errno() == Errno.ENOENT;
          if (!contended || attempt == ATTEMPTS) {
            throw e;
          }
          if (e.errno() == Errno.EEXIST) {
            unlinkQuietly(folder, temp);
          }
        }
      }
    }
    folder.sync();
  }

  /** @return a descriptor of a new unnamed file in the folder, or -1 where the file system has none */
  private static int unnamedFile(DirHandle folder) throws IOException {
    try {
      return Posix.openat(folder.fd(), ".", Posix.O_TMPFILE | Posix.O_WRONLY, 0600);
    } catch (PosixException e) {
      if (e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.EISDIR || e.errno() == Errno.EINVAL) {
        return -1;
      }
      throw e;
    }
  }

  private static String writeNamed(DirHandle folder, String name, byte[] content, int permissions) throws IOException {
    for (int attempt = 1; ; attempt++) {
      String temp = ".tunacode-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
      int fd;
      try {
        fd = Posix.openat(folder.fd(), temp, Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL | Posix.O_NOFOLLOW, 0600);
      } catch (PosixException e) {
        if (e.errno() == Errno.EEXIST && attempt < ATTEMPTS) {
          continue;
        }
        throw e;
      }
      try (FileHandle file = new FileHandle(fd, folder.childRelative(name))) {
        fill(file, content, permissions);
      } catch (IOException e) {
        unlinkQuietly(folder, temp);
        throw e;
      }
      return temp;
    }
  }

  private static void fill(FileHandle file, byte[] content, int permissions) throws IOException {
    file.writeFully(content);
    file.setPermissions(permissions);
    file.force();
  }

  static String tempName(String name) {
    String temp = "." + name + ".tunacode.tmp";
    if (temp.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
      return temp;
    }
    return ".tunacode-" + Integer.toHexString(name.hashCode()) + "-" + name.length() + ".tmp";
  }

  private static void unlinkQuietly(DirHandle folder, String name) {
    try {
      Posix.unlinkat(folder.fd(), name, false);
    } catch (IOException ignored) {
      // Gone already: another writer took it.
    }
  }
}
