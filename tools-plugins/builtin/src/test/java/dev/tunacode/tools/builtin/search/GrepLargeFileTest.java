package dev.tunacode.tools.builtin.search;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("grep on files larger than its window")
class GrepLargeFileTest {

  private static final int LINES = 400_000;

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
  }

  private static String line(int number) {
    return String.format(Locale.ROOT, "%07d %s", number, number % 997 == 0 ? "a needle in the hay" : "hay hay hay hay hay");
  }

  @Test
  @DisplayName("finds every hit of a 11 MB file, across its windows, with exact line numbers, texts and context")
  void acrossWindows() throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(root.resolve("big.txt"), StandardCharsets.UTF_8)) {
      for (int number = 1; number <= LINES; number++) {
        out.write(line(number));
        out.write(number % 5 == 0 ? "\r\n" : "\n");
      }
    }
    assertThat(Files.size(root.resolve("big.txt"))).isGreaterThan(2L * FileWindows.WINDOW_BYTES);

    JsonObject output = host.ok("grep", new JsonObject().put("pattern", "needle").put("context_lines", 2).put("max_results", 1_000));

    JsonArray matches = output.getJsonArray("matches");
    assertThat(matches).hasSize(LINES / 997);
    for (int i = 0; i < matches.size(); i++) {
      int number = 997 * (i + 1);
      assertThat(matches.getJsonObject(i)).as("hit %d", i).isEqualTo(new JsonObject().put("file", "big.txt").put("line", number)
        .put("column", 11).put("text", line(number))
        .put("before", new JsonArray().add(line(number - 2)).add(line(number - 1)))
        .put("after", new JsonArray().add(line(number + 1)).add(line(number + 2))));
    }
    assertThat(output.getBoolean("truncated")).isFalse();
  }

  @Test
  @DisplayName("cuts a line longer than a window into pieces and keeps counting lines after it")
  void longerThanAWindow() throws Exception {
    String huge = "x".repeat(FileWindows.WINDOW_BYTES + 100) + "needle";
    Files.writeString(root.resolve("one-line.txt"), huge + "\nneedle again\n");

    JsonArray matches = host.ok("grep", new JsonObject().put("pattern", "needle").put("context_lines", 0))
      .getJsonArray("matches");

    assertThat(matches).hasSize(2);
    assertThat(matches.getJsonObject(0).getLong("line")).isEqualTo(1L);
    assertThat(matches.getJsonObject(0).getString("text")).endsWith("xneedle").hasSizeLessThanOrEqualTo(FileWindows.WINDOW_BYTES);
    assertThat(matches.getJsonObject(1).getLong("line")).isEqualTo(2L);
    assertThat(matches.getJsonObject(1).getString("text")).isEqualTo("needle again");
  }
}
