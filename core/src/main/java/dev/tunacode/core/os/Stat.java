package dev.tunacode.core.os;

/**
 * What {@code statx} says of an entry.
 *
 * @param mode          the type and permission bits
 * @param size          the size in bytes
 * @param links         the number of hard links
 * @param uid           the owner
 * @param modifiedNanos the modification time, in nanoseconds since the epoch
 * @param changedNanos  the change time (of the content or the attributes), which no program can set
 * @param device        the file system's device number
 * @param inode         the inode number: with {@code device}, the file whichever name it has
 */
public record Stat(int mode, long size, long links, int uid, long modifiedNanos, long changedNanos, long device, long inode) {

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  public boolean isDirectory() {
    return (mode & S_IFMT) == S_IFDIR;
  }

  public boolean isRegularFile() {
    return (mode & S_IFMT) == S_IFREG;
  }

  public boolean isSymbolicLink() {
    return (mode & S_IFMT) == S_IFLNK;
  }

  /** @return the permission bits, such as {@code 0644} */
  public int permissions() {
    return mode & 07777;
  }
}
