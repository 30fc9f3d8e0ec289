package dev.tunacode.core.os;

/**
 * The {@code errno} values the host tells apart; the same on every Linux architecture it runs on.
 */
public final class Errno {

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int ENXIO = 6;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int EACCES = 13;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int ENOSPC = 28;
  public static final int EROFS = 30;
  public static final int EMLINK = 31;
  public static final int ENAMETOOLONG = 36;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;
  public static final int EOPNOTSUPP = 95;
  public static final int EDQUOT = 122;

  private Errno() {
  }

  /** @return the C library's words for it, as {@code strerror} gives them */
  static String describe(int errno) {
    return switch (errno) {
      case EPERM -> "Operation not permitted";
      case ENOENT -> "No such file or directory";
      case EACCES -> "Permission denied";
      case EEXIST -> "File exists";
      case EXDEV -> "Invalid cross-device link";
      case ENOTDIR -> "Not a directory";
      case EISDIR -> "Is a directory";
      case EINVAL -> "Invalid argument";
      case EMFILE -> "Too many open files";
      case ENOSPC -> "No space left on device";
      case EROFS -> "Read-only file system";
      case EMLINK -> "Too many links";
      case ENAMETOOLONG -> "File name too long";
      case ENOSYS -> "Function not implemented";
      case ENOTEMPTY -> "Directory not empty";
      case ELOOP -> "Too many levels of symbolic links";
      case EOPNOTSUPP -> "Operation not supported";
      case EDQUOT -> "Disk quota exceeded";
      case ENXIO -> "No such device or address";
      case EAGAIN -> "Resource temporarily unavailable";
      default -> "errno " + errno;
    };
  }
}
