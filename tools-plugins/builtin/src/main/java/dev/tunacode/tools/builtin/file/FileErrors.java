package dev.tunacode.tools.builtin.file;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;

/**
 * The file tools' words for a file the host may not read or write, naming it as the agent did.
 */
final class FileErrors {

  private FileErrors() {
  }

  /** TunaCode's prefix for a read error, with the reason. */
  static ToolException readDenied(String path) {
    return new ToolException(ErrorCode.IO_ERROR, "Error reading file '" + path + "': Permission denied.");
  }

  /** A FIFO, a device or a socket: reading one could wait for ever or never end. */
  static ToolException notAFile(String path) {
    return new ToolException(ErrorCode.INVALID_ARGS, "Error: '" + path + "' is not a regular file (a FIFO, device or "
      + "socket), and the file tools read and change regular files only. Use bash to work with it.");
  }

  static ToolException writeDenied(String path) {
    return new ToolException(ErrorCode.IO_ERROR, "Error writing file '" + path + "': Permission denied. "
      + "Choose a path the host may write to.");
  }
}
