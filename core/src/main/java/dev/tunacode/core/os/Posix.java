package dev.tunacode.core.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Linux system calls by file descriptor, with their failures as {@link PosixException}. Low level on
 * purpose: the workspace builds its path handling on it, and tools should use the workspace's handles
 * instead. Names are encoded as the JDK encodes file names ({@code sun.jnu.encoding}), so that a name
 * read from a folder listing reaches the same entry.
 */
public final class Posix {

  public static final int AT_FDCWD = -100;
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NONBLOCK = 04000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;
  /** Differs between architectures: arm and powerpc have their own values. */
  public static final int O_DIRECTORY;
  public static final int O_NOFOLLOW;
  public static final int O_TMPFILE;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_REMOVEDIR = 0x200;
  public static final int AT_SYMLINK_FOLLOW = 0x400;
  public static final int AT_EMPTY_PATH = 0x1000;
  private static final int X_OK = 1;
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;
  public static final int SIGCONT = 18;
  public static final int SIGSTOP = 19;

  private static final int F_SETPIPE_SZ = 1031;
  private static final int F_GETPIPE_SZ = 1032;
  private static final long SYS_OPENAT2 = 437;
  private static final long RESOLVE_NO_MAGICLINKS = 0x02;
  private static final long RESOLVE_NO_SYMLINKS = 0x04;
  private static final long RESOLVE_BENEATH = 0x08;
  private static final int STATX_BASIC_STATS = 0x7ff;
  private static final int STATX_SIZE = 256;
  private static final int LINK_MAX = 4096;
  private static final int MAX_RETRIES = 64;
  private static final byte[] EMPTY = {0};
  static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
  private static volatile boolean openat2Works = !"false".equals(System.getProperty("tunacode.fs.openat2"));

  static {
    boolean armLike = Platform.isARM() || Platform.isPPC();
    O_DIRECTORY = armLike ? 040000 : 0200000;
    O_NOFOLLOW = armLike ? 0100000 : 0400000;
    O_TMPFILE = 020000000 | O_DIRECTORY;
  }

  private Posix() {
  }

  /**
   * Turns the use of {@code openat2} on or off; off, {@link #openBeneath} answers -1 and callers walk
   * one name at a time. For tests of that path, and for sandboxes whose {@code openat2} misbehaves.
   */
  public static void useOpenat2(boolean enabled) {
    openat2Works = enabled;
  }

  /** @return the name as the C library takes it, NUL-terminated */
  static byte[] name(String name) {
    byte[] bytes = name.getBytes(NAMES);
    return Arrays.copyOf(bytes, bytes.length + 1);
  }

  public static int openat(int dirfd, String name, int flags, int mode) throws PosixException {
    while (true) {
      try {
        return Libc.openat(dirfd, name(name), flags | O_CLOEXEC, mode);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw new PosixException(name, e.getErrorCode());
        }
      }
    }
  }

  /**
   * Opens a path below a folder without following any symlink and without leaving the folder, in one
   * call ({@code openat2} with {@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS}). The kernel checks every
   * component as it walks, so a folder swapped for a link meanwhile cannot lead out.
   *
   * @return the descriptor, or -1 when this kernel has no {@code openat2} (Linux before 5.6, or a
   * sandbox that forbids it)
   */
  public static int openBeneath(int dirfd, String relative, int flags) throws PosixException {
    if (!openat2Works) {
      return -1;
    }
    ByteBuffer how = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
    how.putLong(0, flags | O_CLOEXEC).putLong(8, 0).putLong(16, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
    byte[] path = name(relative);
    for (int attempt = 0; ; attempt++) {
      try {
        return (int) Libc.syscall(SYS_OPENAT2, dirfd, path, how.array(), 24);
      } catch (LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == Errno.ENOSYS) {
          openat2Works = false;
          return -1;
        }
        // EAGAIN: a rename raced the walk; the kernel asks for another try.
        if (errno != Errno.EINTR && !(errno == Errno.EAGAIN && attempt < MAX_RETRIES)) {
          throw new PosixException(relative, errno);
        }
      }
    }
  }

  public static void close(int fd) {
    try {
      Libc.close(fd);
    } catch (LastErrorException ignored) {
      // close releases the descriptor even when it reports an error; there is nothing to retry.
    }
  }

  /**
   * Reads into a direct buffer from its position on.
   *
   * @return the bytes read, or -1 at the end of the file
   */
  public static int read(int fd, ByteBuffer buffer) throws PosixException {
    if (!buffer.isDirect()) {
      throw new IllegalArgumentException("read needs a direct buffer");
    }
    long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer)) + buffer.position();
    while (true) {
      try {
        int read = (int) Libc.read(fd, address, buffer.remaining());
        if (read == 0 && buffer.hasRemaining()) {
          return -1;
        }
        buffer.position(buffer.position() + read);
        return read;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw new PosixException("fd " + fd, e.getErrorCode());
        }
      }
    }
  }

  /** Writes from a direct buffer's position on; returns the bytes written. */
  public static int write(int fd, ByteBuffer buffer) throws PosixException {
    if (!buffer.isDirect()) {
      throw new IllegalArgumentException("write needs a direct buffer");
    }
    long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer)) + buffer.position();
    while (true) {
      try {
        int written = (int) Libc.write(fd, address, buffer.remaining());
        buffer.position(buffer.position() + written);
        return written;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          throw new PosixException("fd " + fd, e.getErrorCode());
        }
      }
    }
  }

  public static void fsync(int fd) throws PosixException {
    try {
      Libc.fsync(fd);
    } catch (LastErrorException e) {
      throw new PosixException("fd " + fd, e.getErrorCode());
    }
  }

  public static void fchmod(int fd, int mode) throws PosixException {
    try {
      Libc.fchmod(fd, mode);
    } catch (LastErrorException e) {
      throw new PosixException("fd " + fd, e.getErrorCode());
    }
  }

  public static void mkdirat(int dirfd, String name, int mode) throws PosixException {
    try {
      Libc.mkdirat(dirfd, name(name), mode);
    } catch (LastErrorException e) {
      throw new PosixException(name, e.getErrorCode());
    }
  }

  /** Gives the open file {@code fd} (an {@code O_TMPFILE} one, say) the name {@code name} in {@code dirfd}. */
  public static void linkOpenFile(int fd, int dirfd, String name) throws PosixException {
    try {
      Libc.linkat(AT_FDCWD, name("/proc/self/fd/" + fd), dirfd, name(name), AT_SYMLINK_FOLLOW);
    } catch (LastErrorException e) {
      throw new PosixException(name, e.getErrorCode());
    }
  }

  public static void linkat(int dirfd, String from, String to) throws PosixException {
    try {
      Libc.linkat(dirfd, name(from), dirfd, name(to), 0);
    } catch (LastErrorException e) {
      throw new PosixException(to, e.getErrorCode());
    }
  }

  public static void renameat(int dirfd, String from, String to) throws PosixException {
    try {
      Libc.renameat(dirfd, name(from), dirfd, name(to));
    } catch (LastErrorException e) {
      throw new PosixException(to, e.getErrorCode());
    }
  }

  public static void unlinkat(int dirfd, String name, boolean folder) throws PosixException {
    try {
      Libc.unlinkat(dirfd, name(name), folder ? AT_REMOVEDIR : 0);
    } catch (LastErrorException e) {
      throw new PosixException(name, e.getErrorCode());
    }
  }

  /** @return the target of the symlink {@code name} in {@code dirfd} */
  public static String readlinkat(int dirfd, String name) throws PosixException {
    byte[] target = new byte[LINK_MAX];
    try {
      int length = (int) Libc.readlinkat(dirfd, name(name), target, target.length);
      return new String(target, 0, length, NAMES);
    } catch (LastErrorException e) {
      throw new PosixException(name, e.getErrorCode());
    }
  }

  /** @return what {@code name} in {@code dirfd} is, not following it when it is a link */
  public static Stat lstatat(int dirfd, String name) throws PosixException {
    return statx(dirfd, name(name), AT_SYMLINK_NOFOLLOW, name);
  }

  /** @return what the open file {@code fd} is */
  public static Stat fstat(int fd) throws PosixException {
    return statx(fd, EMPTY, AT_EMPTY_PATH, "fd " + fd);
  }

  private static Stat statx(int dirfd, byte[] name, int flags, String label) throws PosixException {
    byte[] buffer = new byte[STATX_SIZE];
    try {
      Libc.statx(dirfd, name, flags, STATX_BASIC_STATS, buffer);
    } catch (LastErrorException e) {
      throw new PosixException(label, e.getErrorCode());
    }
    // struct statx: stx_nlink at 16 (u32), stx_uid at 20, stx_mode at 28 (u16), stx_ino at 32 (u64), stx_size at 40
    // (u64); stx_ctime at 96 and stx_mtime at 112 (an s64 of seconds, a u32 of nanoseconds); stx_dev_major at 136 and
    // stx_dev_minor at 140 (u32).
    ByteBuffer fields = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
    return new Stat(fields.getShort(28) & 0xffff, fields.getLong(40), fields.getInt(16) & 0xffffffffL, fields.getInt(20),
      nanos(fields, 112), nanos(fields, 96), makedev(fields.getInt(136) & 0xffffffffL, fields.getInt(140) & 0xffffffffL),
      fields.getLong(32));
  }

  // glibc's makedev, so that the number is st_dev as stat(2) and the JDK give it.
  private static long makedev(long major, long minor) {
    return (major & 0xfffff000L) << 32 | (major & 0xfffL) << 8 | (minor & 0xffffff00L) << 12 | minor & 0xffL;
  }

  private static long nanos(ByteBuffer fields, int at) {
    return fields.getLong(at) * 1_000_000_000L + (fields.getInt(at + 8) & 0xffffffffL);
  }

  /** @return what an absolute path leads to, following symlinks, as a read by that name would */
  public static Stat stat(String absolutePath) throws PosixException {
    return statx(AT_FDCWD, name(absolutePath), 0, absolutePath);
  }

  /** @return true when this process may execute {@code name} in {@code dirfd}, not following a link */
  public static boolean mayExecute(int dirfd, String name) {
    try {
      Libc.faccessat(dirfd, name(name), X_OK, AT_SYMLINK_NOFOLLOW);
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  /**
   * Asks for a pipe's buffer to hold {@code bytes}, so that a large message crosses it in fewer wake-ups of
   * the two processes. Best effort: a descriptor that is not a pipe, or a size past the system's limit
   * ({@code fs.pipe-max-size}), leaves it as it was.
   *
   * @return the size it holds now, or -1 when it is not a pipe
   */
  public static int enlargePipe(int fd, int bytes) {
    try {
      return Libc.fcntl(fd, F_SETPIPE_SZ, bytes);
    } catch (LastErrorException notAPipeOrTooLarge) {
      try {
        return Libc.fcntl(fd, F_GETPIPE_SZ, 0);
      } catch (LastErrorException notAPipe) {
        return -1;
      }
    }
  }

  /**
   * @return the magic number of the file system a path is on ({@code statfs}'s {@code f_type}), or -1 when it
   * cannot be told
   */
  public static long fileSystemType(String path) {
    byte[] buffer = new byte[256];
    try {
      Libc.statfs(name(path), buffer);
    } catch (LastErrorException e) {
      return -1;
    }
    // struct statfs begins with f_type, a word: 8 bytes on the 64-bit architectures the host runs on.
    return ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder()).getLong(0);
  }

  /** Sends a signal to a process, or to a process group when {@code pid} is negative. */
  public static void kill(int pid, int signal) throws PosixException {
    try {
      Libc.kill(pid, signal);
    } catch (LastErrorException e) {
      throw new PosixException("process " + pid, e.getErrorCode());
    }
  }
}
