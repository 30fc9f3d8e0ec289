package dev.tunacode.core.os;

import java.nio.file.FileSystemException;

/**
 * A system call's refusal, with its {@code errno}, so that a caller can tell "is a link" from "does not
 * exist" from "permission denied" without parsing a message.
 */
public final class PosixException extends FileSystemException {

  private final int errno;

  PosixException(String file, int errno) {
    super(file, null, Errno.describe(errno));
    this.errno = errno;
  }

  /** @return the {@code errno} the call failed with (see {@link Errno}) */
  public int errno() {
    return errno;
  }

  /** @return true for {@code EACCES} and {@code EPERM} */
  public boolean isAccessDenied() {
    return errno == Errno.EACCES || errno == Errno.EPERM;
  }
}
