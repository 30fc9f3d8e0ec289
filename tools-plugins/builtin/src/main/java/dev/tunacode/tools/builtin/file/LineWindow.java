package dev.tunacode.tools.builtin.file;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads a window of lines from a file of any size in bounded memory: it scans the bytes for line ends
 * in a fixed buffer, keeps only the window's bytes, and counts the lines to the end without decoding
 * them.
 *
 * @param content    the window's bytes, line ends included
 * @param firstLine  the number of the window's first line
 * @param lines      how many lines the window holds
 * @param totalLines how many lines the file has
 * @param head       the file's first bytes, for telling binary files apart
 * @param cut        true when the window stopped at the byte limit before its line limit
 * @param firstBytes the bytes of the window's first line, its line end included
 */
record LineWindow(byte[] content, long firstLine, long lines, long totalLines, byte[] head, boolean cut, long firstBytes) {

  private static final int BUFFER_BYTES = 1 << 20;

  /**
   * @param deadlineNanos the {@link System#nanoTime()} past which reading stops: counting the lines of a
   *                      file of any size takes as long as reading it
   * @throws ToolException {@code TIMEOUT} past the deadline
   */
  static LineWindow read(ReadableByteChannel channel, long offset, long limit, int maxBytes, long deadlineNanos)
    throws IOException {
    ByteArrayOutputStream window = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    byte[] head = null;
    long line = 1;
    long end = limit > Long.MAX_VALUE - offset ? Long.MAX_VALUE : offset + limit;
    boolean cut = false;
    boolean lastWasNewline = true;
    long bytesSeen = 0;
    long firstBytes = 0;
    int read;
    while ((read = channel.read(buffer.clear())) > 0) {
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new ToolException(ErrorCode.TIMEOUT, "The file is too large to count its lines in the call's time. "
          + "Read it without offset and limit if it is small, or page it with bash (sed -n '100,200p' FILE).");
      }
      byte[] bytes = buffer.array();
      if (head == null) {
        head = java.util.Arrays.copyOf(bytes, Math.min(read, TextChecks.SNIFF_BYTES));
      }
      bytesSeen += read;
      int from = 0;
      for (int i = 0; i < read; i++) {
        if (bytes[i] != '\n') {
          continue;
        }
        if (line >= offset && line < end && !cut) {
          cut = keep(window, bytes, from, i + 1, maxBytes);
        }
        if (line == offset) {
          firstBytes += i + 1 - from;
        }
        line++;
        from = i + 1;
      }
      if (from < read && line >= offset && line < end && !cut) {
        cut = keep(window, bytes, from, read, maxBytes);
      }
      if (from < read && line == offset) {
        firstBytes += read - from;
      }
      lastWasNewline = bytes[read - 1] == '\n';
    }
    long total = bytesSeen == 0 ? 0 : lastWasNewline ? line - 1 : line;
    byte[] content = cut ? wholeLines(window.toByteArray()) : window.toByteArray();
    return new LineWindow(content, offset, countLines(content), total, head == null ? new byte[0] : head, cut, firstBytes);
  }

  private static boolean keep(ByteArrayOutputStream window, byte[] bytes, int from, int to, int maxBytes) {
    int room = maxBytes - window.size();
    if (to - from > room) {
      return true;
    }
    window.write(bytes, from, to - from);
    return false;
  }

  // A window cut at the byte limit ends at the last whole line it holds.
  private static byte[] wholeLines(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    return java.util.Arrays.copyOf(bytes, end);
  }

  private static long countLines(byte[] bytes) {
    long count = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        count++;
      }
    }
    return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? count + 1 : count;
  }
}
