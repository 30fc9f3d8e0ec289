package dev.tunacode.tools.builtin.file;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The unified diff")
class UnifiedDiffTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("has the same hunks as GNU diff -u for edits near and far apart")
  void matchesGnuDiff() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 30; round++) {
      StringBuilder before = new StringBuilder();
      StringBuilder after = new StringBuilder();
      for (int line = 0; line < 60; line++) {
        String text = "line " + line + "\n";
        before.append(text);
        int dice = random.nextInt(12);
        if (dice == 0) {
          after.append("changed ").append(line).append('\n');
        } else if (dice == 1) {
          after.append(text).append("added after ").append(line).append('\n');
        } else if (dice != 2) {
          after.append(text);
        }
      }
      assertThat(UnifiedDiff.of("f.txt", before.toString(), after.toString()))
        .as("round %d", round).isEqualTo(gnuDiff(before.toString(), after.toString()));
    }
  }

  private String gnuDiff(String before, String after) throws Exception {
    Path a = Files.writeString(dir.resolve("a"), before);
    Path b = Files.writeString(dir.resolve("b"), after);
    Process diff = new ProcessBuilder("diff", "-u", "--label", "a/f.txt", "--label", "b/f.txt", a.toString(), b.toString()).start();
    String out = new String(diff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    diff.waitFor();
    return out;
  }
}
