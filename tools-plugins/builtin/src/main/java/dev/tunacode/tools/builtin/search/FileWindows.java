package dev.tunacode.tools.builtin.search;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads a file into a buffer of at most {@link #WINDOW_BYTES} as a series of windows, so that a file of
 * any size is searched in bounded memory. A window ends at a line end; it reports hits on the lines in
 * [{@link #reportFrom}, {@link #reportTo}), and keeps {@code context} lines on either side of them, so
 * that every hit's context is in the window that reports it. The next window starts with the
 * {@code context} lines before the first line it reports. A line longer than a window is cut at its end.
 */
final class FileWindows {

  /** The largest window; most files fit in one. */
  static final int WINDOW_BYTES = 4 << 20;

  private static final int FIRST_BYTES = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> allocate(FIRST_BYTES));

  private final ReadableByteChannel channel;
  private final int context;
  private final ByteBuffer buffer;
  private int length;
  private int reportFrom;
  private int reportTo;
  private int keepFrom;
  private long firstLine = 1;
  private boolean ended;
  private int windows;

  /** @param buffer where the windows are read; its capacity is the window's size */
  FileWindows(ReadableByteChannel channel, int context, ByteBuffer buffer) {
    this.channel = channel;
    this.context = context;
    this.buffer = ByteSearch.ordered(buffer);
  }

  /**
   * Windows in this thread's buffer.
   *
   * @param expectedSize the file's size as listed, to size the buffer; the file is read to its end whatever it is
   */
  static FileWindows of(ReadableByteChannel channel, long expectedSize, int context) {
    return new FileWindows(channel, context, threadBuffer(expectedSize));
  }

  private static ByteBuffer threadBuffer(long expectedSize) {
    ByteBuffer buffer = BUFFER.get();
    long wanted = Math.min(WINDOW_BYTES, expectedSize + 1);
    if (buffer.capacity() < wanted) {
      buffer = allocate((int) Math.min(WINDOW_BYTES, Math.max(wanted, buffer.capacity() * 2L)));
      BUFFER.set(buffer);
    }
    return buffer;
  }

  private static ByteBuffer allocate(int bytes) {
    return ByteSearch.ordered(ByteBuffer.allocateDirect(bytes));
  }

  /** Reads the next window; false when the file has no more. */
  boolean next() throws IOException {
    if (windows == 0) {
      buffer.clear();
      fill();
    } else if (ended) {
      return false;
    } else {
      reportFrom = reportTo - keepFrom;
      shift(keepFrom);
    }
    windows++;
    if (ended) {
      reportTo = length;
      return true;
    }
    int cut = ByteSearch.lastIndexOf(buffer, length, (byte) '\n') + 1;
    if (cut <= reportFrom && reportFrom > 0) {
      // The context kept before leaves no room for a whole line: give it up rather than cut the line.
      shift(reportFrom);
      reportFrom = 0;
      cut = ended ? length : ByteSearch.lastIndexOf(buffer, length, (byte) '\n') + 1;
    }
    if (cut <= reportFrom) {
      cut = length;
    }
    reportTo = ended ? length : linesBack(cut, context);
    if (reportTo <= reportFrom) {
      reportTo = cut;
    }
    keepFrom = linesBack(reportTo, context);
    if (keepFrom == 0) {
      keepFrom = reportTo;
    }
    return true;
  }

  // Drops the window's bytes before {@code from}, keeping count of their lines, and reads on.
  private void shift(int from) throws IOException {
    firstLine += ByteSearch.count(buffer, 0, from, (byte) '\n');
    buffer.limit(length).position(from);
    buffer.compact();
    fill();
  }

  private void fill() throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        ended = true;
        break;
      }
    }
    length = buffer.position();
  }

  // The start of the line {@code lines} lines before the line starting at {@code lineStart}.
  private int linesBack(int lineStart, int lines) {
    int at = lineStart;
    for (int i = 0; i < lines && at > 0; i++) {
      at = ByteSearch.lastIndexOf(buffer, at - 1, (byte) '\n') + 1;
    }
    return at;
  }

  /** @return the current window */
  Haystack haystack() {
    return new Haystack(buffer, length);
  }

  /** @return where the lines this window reports start */
  int reportFrom() {
    return reportFrom;
  }

  /** @return where the lines after those this window reports start */
  int reportTo() {
    return reportTo;
  }

  /** @return the line number of the window's first line */
  long firstLine() {
    return firstLine;
  }

  /** @return true when the window is the file's start, where a binary file shows itself */
  boolean isFirst() {
    return windows == 1;
  }
}
