package dev.tunacode.tools.builtin;

import dev.tunacode.core.HostOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a host whose budget for one call's output is 1 MiB, the tools whose output grows with what they
 * find stop near it and say so, instead of building what the host would refuse.
 */
@DisplayName("The tools' output budget")
class ResultBudgetToolsTest {

  static final long BUDGET = 1024 * 1024;
  static final String NOTE = "[Results cut at about 1048576 characters, this host's limit for one call's output; narrow the "
    + "search (a more specific pattern, include_files, a smaller folder) or ask for fewer results.]";
  static final String NAME = "n".repeat(200);

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace(new HostOptions().setMaxResultBytes(BUDGET));
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() {
    root = workspace.root();
    host = workspace.host();
  }

  // About the budget: the budget counts characters, and JSON escapes (a line end is two) make the encoding longer.
  private static void assertNearBudget(JsonObject output) {
    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat((long) output.encode().length()).isBetween(BUDGET / 2, BUDGET + BUDGET / 5);
  }

  @Test
  @DisplayName("grep stops collecting matches in content mode, and keeps the first ones in order")
  void grepContent() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 40_000; i++) {
      lines.append("hit ").append(i).append(' ').append("x".repeat(50)).append('\n');
    }
    Files.writeString(root.resolve("big.txt"), lines);

    JsonObject output = host.ok("grep", new JsonObject().put("pattern", "hit").put("max_results", 100_000).put("context_lines", 0));

    assertNearBudget(output);
    assertThat(output.getString("text")).endsWith("\n\n" + NOTE);
    JsonArray matches = output.getJsonArray("matches");
    for (int i = 0; i < matches.size(); i++) {
      assertThat(matches.getJsonObject(i).getLong("line")).isEqualTo(i + 1);
    }
  }

  @Test
  @DisplayName("grep cuts the list of files in files_with_matches mode, and glob its files")
  void fileLists() throws Exception {
    Files.createDirectory(root.resolve("d"));
    for (int i = 0; i < 4_000; i++) {
      Files.writeString(root.resolve("d/" + NAME + i), "hit\n");
    }

    JsonObject grep = host.ok("grep", new JsonObject().put("pattern", "hit").put("max_results", 10_000)
      .put("output_mode", "files_with_matches"));
    JsonObject glob = host.ok("glob", new JsonObject().put("pattern", "n*"));

    assertNearBudget(grep);
    assertThat(grep.getString("text")).endsWith(NOTE);
    assertNearBudget(glob);
    assertThat(glob.getString("text")).endsWith(NOTE).doesNotContain("Results limited to");
    assertThat(glob.getJsonArray("files").getString(0)).isEqualTo("d/" + NAME + "0");
  }

  @Test
  @DisplayName("list_dir shows the entries that fit and says how many")
  void listDir() throws Exception {
    for (int i = 0; i < 4_000; i++) {
      Files.writeString(root.resolve(NAME + String.format("%04d", i)), "");
    }

    JsonObject output = host.ok("list_dir", new JsonObject().put("max_entries", 100_000));

    assertNearBudget(output);
    int shown = output.getJsonArray("entries").size();
    assertThat(output.getString("text")).endsWith("\nNote: Output limited to " + shown + " entries");
    assertThat(output.getInteger("total")).isEqualTo(4_000);
  }

  @Test
  @DisplayName("update_file changes the whole file and cuts only the diff it shows")
  void updateDiff() throws Exception {
    Files.writeString(root.resolve("f.txt"), "old line\n".repeat(100_000));

    JsonObject output = host.ok("update_file", new JsonObject().put("filepath", "f.txt").put("target", "old")
      .put("patch", "new").put("replace_all", true));

    assertThat(Files.readString(root.resolve("f.txt"))).isEqualTo("new line\n".repeat(100_000));
    assertThat(output.getString("diff")).matches("(?s).*\n\\[diff cut at \\d+ of \\d+ characters, this host's limit for one "
      + "call's output; the file was changed in full: read it to see the rest]\n");
    assertThat((long) output.encode().length()).isBetween(BUDGET / 2, BUDGET + BUDGET / 5);
  }
}
