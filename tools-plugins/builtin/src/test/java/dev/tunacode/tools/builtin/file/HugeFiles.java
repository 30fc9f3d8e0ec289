package dev.tunacode.tools.builtin.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes large line files fast, for tests of bounded memory.
 */
final class HugeFiles {

  private HugeFiles() {
  }

  /** @return line {@code n} of a file made by {@link #lines}: its number, padded with dots, then a newline */
  static String line(long n, int width) {
    String number = "line " + n + " ";
    return number + ".".repeat(width - number.length() - 1) + "\n";
  }

  static Path lines(Path file, long count, int width) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long n = 1; n <= count; n++) {
        byte[] bytes = line(n, width).getBytes(StandardCharsets.US_ASCII);
        if (buffer.remaining() < bytes.length) {
          flush(channel, buffer);
        }
        buffer.put(bytes);
      }
      flush(channel, buffer);
    }
    return file;
  }

  private static void flush(FileChannel channel, ByteBuffer buffer) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }
}
