package dev.tunacode.core.workspace;

import java.nio.file.FileSystemException;

/**
 * A path changed between being checked and being opened (a folder or file swapped for a symlink, say).
 * Nothing was read or written through it; trying again sees the new state.
 */
public final class ChangedException extends FileSystemException {

  public ChangedException(String file) {
    super(file, null, "It changed while it was being opened (swapped for a link?); nothing was read or written. Try again");
  }
}
