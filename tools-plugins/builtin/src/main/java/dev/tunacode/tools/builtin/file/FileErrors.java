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

  /** @return the suffix ('/', '//', '/.') that makes a path name a folder, or the empty string */
  static String folderSuffix(String path) {
    int end = path.length();
    while (true) {
      if (end >= 1 && path.charAt(end - 1) == '/') {
        end--;
      } else if (end >= 2 && path.charAt(end - 1) == '.' && path.charAt(end - 2) == '/') {
        end -= 2;
      } else {
        break;
      }
    }
    return end == 0 ? "" : path.substring(end);
  }

  /**
   * A file path that ends as a folder's does ({@code a.txt/}): the system would look for a folder, and a
   * file tool would act on a file of another name than it was given.
   *
   * @param toDo what the tool would do with the file, such as "To read the file"
   * @param more what to say after the path to give, or the empty string
   */
  static ToolException folderSyntax(String path, String suffix, String toDo, String more) {
    return new ToolException(ErrorCode.INVALID_ARGS, "Error: '" + path + "' ends with '" + suffix + "', which names a folder, "
      + "not a file. " + toDo + ", give its path without the '" + suffix + "': '"
      + path.substring(0, path.length() - suffix.length()) + "'" + more + ".");
  }

  static ToolException writeDenied(String path) {
    return new ToolException(ErrorCode.IO_ERROR, "Error writing file '" + path + "': Permission denied. "
      + "Choose a path the host may write to.");
  }
}
