package dev.tunacode.tools.builtin.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

/**
 * Searches one file: reads it into a reused per-thread buffer, skips it when binary, and counts the
 * finder's hits or collects them as matches.
 */
final class FileScan {

  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);
  private static final int SNIFF = 8 * 1024;

  /**
   * @param searched false when the file was unreadable or binary
   * @param count    matching lines found (up to the limit asked)
   * @param matches  the matches, when asked for
   */
  record Result(boolean searched, int count, List<GrepMatch> matches) {
    static final Result SKIPPED = new Result(false, 0, List.of());
  }

  private FileScan() {
  }

  static Result scan(TreeWalker.Found file, LineFinder finder, int limit, int context, boolean collect) {
    byte[] bytes;
    int length;
    try {
      bytes = read(file);
      length = (int) Math.min(file.size(), bytes.length);
      length = fill(file, bytes, length);
    } catch (IOException unreadable) {
      return Result.SKIPPED;
    }
    for (int i = 0, end = Math.min(length, SNIFF); i < end; i++) {
      if (bytes[i] == 0) {
        return Result.SKIPPED;
      }
    }
    Haystack text = new Haystack(bytes, length, finder.needsDecodedText());
    if (!collect) {
      int[] count = {0};
      finder.find(text, (lineStart, lineEnd, matchStart, matchEnd) -> ++count[0] < limit);
      return new Result(true, count[0], List.of());
    }
    FileMatchCollector matches = new FileMatchCollector(file.relative(), text, context);
    finder.find(text, (lineStart, lineEnd, matchStart, matchEnd) -> {
      matches.add(lineStart, lineEnd, matchStart, matchEnd);
      return matches.matches().size() < limit;
    });
    return new Result(true, matches.matches().size(), matches.matches());
  }

  private static byte[] read(TreeWalker.Found file) {
    byte[] buffer = BUFFER.get();
    if (buffer.length < file.size() && file.size() < Integer.MAX_VALUE - 16) {
      buffer = new byte[(int) Math.max(file.size(), buffer.length * 2L)];
      BUFFER.set(buffer);
    }
    return buffer;
  }

  private static int fill(TreeWalker.Found file, byte[] bytes, int length) throws IOException {
    try (InputStream in = Files.newInputStream(file.path())) {
      return in.readNBytes(bytes, 0, length);
    }
  }
}
