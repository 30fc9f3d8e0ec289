package dev.tunacode.tools.builtin.search;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("File windows")
class FileWindowsTest {

  @TempDir
  Path root;

  // Lines here are at most 31 bytes long, so these windows hold a line with its context on both sides,
  // except those marked false, where the context is given up and every line must still come once.
  @ParameterizedTest(name = "window {0} bytes, context {1}")
  @CsvSource({"64, 0, true", "128, 1, true", "200, 2, true", "257, 3, true", "512, 6, true", "4096, 5, true",
    "64, 2, false", "40, 6, false"})
  @DisplayName("report every line once, in order, with its number and, when the window has room, its context")
  void everyLineOnceWithItsContext(int windowBytes, int context, boolean roomy) throws Exception {
    Random random = new Random(windowBytes * 31L + context);
    List<String> lines = new ArrayList<>();
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      String line = i + ":" + "abcdefgh".repeat(random.nextInt(4)) + (random.nextInt(9) == 0 ? "\r" : "");
      lines.add(line);
      file.append(line).append(i == 1_999 && random.nextBoolean() ? "" : "\n");
    }
    Path path = root.resolve("f.txt");
    Files.writeString(path, file);

    List<Integer> reported = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(path)) {
      FileWindows windows = new FileWindows(channel, context, ByteBuffer.allocateDirect(windowBytes));
      while (windows.next()) {
        Haystack text = windows.haystack();
        long number = windows.firstLine();
        for (int start = 0; start < text.length(); number++) {
          int end = text.lineEnd(start);
          if (start >= windows.reportFrom() && start < windows.reportTo()) {
            int index = (int) number - 1;
            reported.add(index);
            assertThat(text.decode(start, end)).as("line %d", number).isEqualTo(lines.get(index));
            if (roomy) {
              assertThat(linesAround(text, start, -1)).as("lines before %d", number).isGreaterThanOrEqualTo(Math.min(context, index));
              assertThat(linesAround(text, start, +1)).as("lines after %d", number)
                .isGreaterThanOrEqualTo(Math.min(context, lines.size() - 1 - index));
            }
          }
          start = end + 1;
        }
      }
    }
    List<Integer> everyLine = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      everyLine.add(i);
    }
    assertThat(reported).isEqualTo(everyLine);
  }

  // Whole lines in the window before (direction -1) or after (+1) the line starting at start.
  private static int linesAround(Haystack text, int start, int direction) {
    int count = 0;
    if (direction < 0) {
      for (int at = start; at > 0; at = text.lineStart(at - 1)) {
        count++;
      }
      return count;
    }
    for (int end = text.lineEnd(start); end < text.length(); end = text.lineEnd(end + 1)) {
      count++;
    }
    return count;
  }
}
