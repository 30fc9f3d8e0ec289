package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.Stat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * An open file inside the workspace, reached through a {@link DirHandle}: what is read or written is
 * the file that was checked, whatever happens to its name meanwhile. Not thread-safe.
 */
public final class FileHandle implements ReadableByteChannel, WritableByteChannel {

  private static final int BOUNCE_BYTES = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> BOUNCE = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BOUNCE_BYTES));

  private final String relative;
  private int fd;

  FileHandle(int fd, String relative) {
    this.fd = fd;
    this.relative = relative;
  }

  /** @return its path relative to the workspace root, as it was reached */
  public String relative() {
    return relative;
  }

  /** @return what the open file is now */
  public Stat stat() throws IOException {
    return Posix.fstat(fd());
  }

  /** Reads into any buffer; a heap buffer goes through a direct one of this thread. */
  @Override
  public int read(ByteBuffer target) throws IOException {
    if (target.isDirect()) {
      return Posix.read(fd(), target);
    }
    ByteBuffer bounce = BOUNCE.get().clear();
    bounce.limit(Math.min(bounce.capacity(), target.remaining()));
    int read = Posix.read(fd(), bounce);
    if (read > 0) {
      target.put(bounce.flip());
    }
    return read;
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    if (source.isDirect()) {
      return Posix.write(fd(), source);
    }
    ByteBuffer bounce = BOUNCE.get().clear();
    int take = Math.min(bounce.capacity(), source.remaining());
    bounce.put(source.slice(source.position(), take)).flip();
    int written = Posix.write(fd(), bounce);
    source.position(source.position() + written);
    return written;
  }

  /** Writes all of {@code bytes}. */
  public void writeFully(byte[] bytes) throws IOException {
    ByteBuffer source = ByteBuffer.wrap(bytes);
    while (source.hasRemaining()) {
      write(source);
    }
  }

  /**
   * Reads the file to its end.
   *
   * @param expected the size the caller expects, to size the array; the whole file is read whatever it is
   * @param limit    the most bytes to read; past it the result is cut at {@code limit + 1} bytes
   */
  public byte[] readAll(long expected, long limit) throws IOException {
    byte[] bytes = new byte[(int) Math.min(Math.max(expected, 0) + 1, limit + 1)];
    int length = readInto(bytes, 0, bytes.length);
    while (length == bytes.length && length <= limit) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(Math.max(bytes.length * 2L, length + (long) BOUNCE_BYTES), limit + 1));
      length += readInto(bytes, length, bytes.length - length);
    }
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }

  /**
   * Reads into an array the caller keeps, for one who reads many files and would otherwise leave an array
   * a file to the collector.
   *
   * @return how many bytes were read into {@code target} from {@code offset}: {@code max}, or fewer at the file's end
   */
  public int readInto(byte[] target, int offset, int max) throws IOException {
    ByteBuffer bounce = BOUNCE.get();
    int done = 0;
    while (done < max) {
      bounce.clear().limit(Math.min(bounce.capacity(), max - done));
      int read = Posix.read(fd(), bounce);
      if (read < 0) {
        break;
      }
      bounce.flip().get(target, offset + done, read);
      done += read;
    }
    return done;
  }

  /** Forces what was written to the disk. */
  public void force() throws IOException {
    Posix.fsync(fd());
  }

  /** Sets the permission bits, such as {@code 0644}. */
  public void setPermissions(int permissions) throws IOException {
    Posix.fchmod(fd(), permissions);
  }

  int fd() throws ClosedChannelException {
    if (fd < 0) {
      throw new ClosedChannelException();
    }
    return fd;
  }

  @Override
  public boolean isOpen() {
    return fd >= 0;
  }

  @Override
  public void close() {
    if (fd >= 0) {
      Posix.close(fd);
      fd = -1;
    }
  }

  static FileHandle checkedRegular(int fd, String relative) throws IOException {
    FileHandle handle = new FileHandle(fd, relative);
    try {
      Stat stat = Posix.fstat(fd);
      if (!stat.isRegularFile()) {
        throw new NotRegularFileException(relative, stat);
      }
      return handle;
    } catch (IOException | RuntimeException e) {
      handle.close();
      throw e;
    }
  }
}
