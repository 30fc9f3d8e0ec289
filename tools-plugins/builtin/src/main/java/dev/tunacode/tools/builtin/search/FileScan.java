package dev.tunacode.tools.builtin.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches one file: reads it into a reused per-thread buffer, skips it when binary, and turns the
 * finder's hits into matches with line numbers and context.
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
    List<GrepMatch> matches = collect ? new ArrayList<>() : List.of();
    int[] count = {0};
    long[] position = {0, 1};
    finder.find(text, hit -> {
      count[0]++;
      if (collect) {
        String view = text.view();
        long line = lineNumber(view, hit.lineStart(), position);
        matches.add(match(file.relative(), bytes, view, hit, line, context, finder.needsDecodedText()));
      }
      return count[0] < limit;
    });
    return new Result(true, count[0], matches);
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

  // Counts line ends from the previous hit on, so a file with many hits is scanned once.
  private static long lineNumber(String view, int lineStart, long[] position) {
    int from = (int) position[0];
    long line = position[1];
    for (int at = view.indexOf('\n', from); at >= 0 && at < lineStart; at = view.indexOf('\n', at + 1)) {
      line++;
    }
    position[0] = lineStart;
    position[1] = line;
    return line;
  }

  private static GrepMatch match(String file, byte[] bytes, String view, LineHit hit, long line, int context, boolean decoded) {
    Text text = (from, to) -> decoded ? stripCr(view.substring(from, to)) : stripCr(new String(bytes, from, to - from, StandardCharsets.UTF_8));
    String whole = text.of(hit.lineStart(), hit.lineEnd());
    int matchEnd = Math.min(hit.matchEnd(), hit.lineEnd());
    int column = decoded || isAscii(bytes, hit.lineStart(), matchEnd) ? hit.matchStart() - hit.lineStart()
      : text.of(hit.lineStart(), hit.matchStart()).length();
    int length = decoded || isAscii(bytes, hit.matchStart(), matchEnd) ? matchEnd - hit.matchStart()
      : text.of(hit.matchStart(), matchEnd).length();
    List<String> above = context == 0 ? List.of() : new ArrayList<>(context);
    int start = hit.lineStart();
    for (int i = 0; i < context && start > 0; i++) {
      int previous = LineFinder.lineStart(view, start - 1);
      above.add(0, text.of(previous, start - 1));
      start = previous;
    }
    List<String> below = context == 0 ? List.of() : new ArrayList<>(context);
    int end = hit.lineEnd();
    for (int i = 0; i < context && end < view.length() - 1; i++) {
      int next = LineFinder.lineEnd(view, end + 1);
      below.add(text.of(end + 1, next));
      end = next;
    }
    return new GrepMatch(file, line, column + 1, whole, Math.min(length, Math.max(0, whole.length() - column)), above, below);
  }

  private static boolean isAscii(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** A slice of the file as text: decoded from the bytes, or cut from the decoded view. */
  private interface Text {
    String of(int from, int to);
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
