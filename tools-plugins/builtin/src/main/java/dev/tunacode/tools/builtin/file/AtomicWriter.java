package dev.tunacode.tools.builtin.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that no reader, crash or kill ever sees it half written: the bytes go to a temporary
 * file in the same folder, are forced to the disk, and the temporary file then takes the file's name in
 * one step.
 */
final class AtomicWriter {

  /** Permissions of a new file, as most tools create them under the usual umask. */
  static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

  private AtomicWriter() {
  }

  /**
   * Creates a file that must not exist yet. A hard link gives the temporary file its name, which fails
   * if the name was taken in the meantime rather than replacing what took it.
   *
   * @throws FileAlreadyExistsException when the path exists
   */
  static void create(Path file, byte[] content) throws IOException {
    Path temp = writeTemp(file, content, NEW_FILE);
    try {
      Files.createLink(file, temp);
    } catch (UnsupportedOperationException | SecurityException noLinks) {
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      move(temp, file);
      return;
    } finally {
      Files.deleteIfExists(temp);
    }
    syncFolder(file.getParent());
  }

  /** Replaces an existing file's content, keeping its permissions. */
  static void replace(Path file, byte[] content) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    Path temp = writeTemp(file, content, permissions);
    try {
      move(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Path writeTemp(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.setPosixFilePermissions(temp, permissions);
    return temp;
  }

  private static void move(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    syncFolder(file.getParent());
  }

  // The rename is durable only once the folder's entry is on the disk too.
  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException ignored) {
      // Some file systems refuse to sync a folder; the rename is still atomic.
    }
  }
}
