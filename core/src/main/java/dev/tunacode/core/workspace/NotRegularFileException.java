package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Stat;

import java.nio.file.FileSystemException;

/**
 * A file was asked for and something else is there: a folder, a FIFO, a device or a socket. Opening is
 * never blocked by such an entry (a FIFO is opened without waiting for a writer) and reading it is refused.
 */
public final class NotRegularFileException extends FileSystemException {

  private final transient Stat stat;

  public NotRegularFileException(String file, Stat stat) {
    super(file, null, stat.isDirectory() ? "Is a directory" : "Not a regular file");
    this.stat = stat;
  }

  /** @return what is there instead */
  public Stat stat() {
    return stat;
  }
}
