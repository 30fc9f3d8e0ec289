package dev.tunacode.tools.builtin;

import dev.tunacode.core.testing.SwapLoop;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every file tool, while a folder of the workspace is swapped for a link to the outside in a loop")
class SwapRaceToolsTest {

  static final int CALLS = 400;
  static final String SECRET = "OUTSIDE-SECRET inside";

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  Path outside;
  Map<String, String> outsideBefore;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    outside = workspace.outside("outside");
    Files.writeString(outside.resolve("secret.txt"), SECRET);
    Files.writeString(outside.resolve("outside-only.txt"), SECRET);
    Files.createDirectory(outside.resolve("new"));
    Files.createDirectory(root.resolve("d"));
    Files.writeString(root.resolve("d/secret.txt"), "inside");
    Files.createDirectory(root.resolve("d/new"));
    outsideBefore = snapshot(outside);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"read_file", "write_file", "update_file", "list_dir", "glob", "grep"})
  @DisplayName("reads, lists, finds and writes nothing outside")
  void nothingOutside(String tool) throws Exception {
    int ok = 0;
    int swaps;
    try (SwapLoop loop = SwapLoop.start(root.resolve("d"), outside)) {
      for (int i = 0; i < CALLS; i++) {
        JsonObject result = workspace.host().call(tool, args(tool, i));
        if (result.getBoolean("ok")) {
          ok++;
          assertInside(tool, result.getJsonObject("output"));
        } else {
          assertThat(result.getJsonObject("error").getString("code")).as(result.encode())
            .isIn("OUTSIDE_WORKSPACE", "NOT_FOUND", "IO_ERROR", "ALREADY_EXISTS", "NO_MATCH");
        }
      }
      swaps = loop.swaps();
    }

    assertThat(swaps).as("the swap loop ran").isPositive();
    assertThat(ok).as("some calls reached the folder").isPositive();
    assertThat(snapshot(outside)).isEqualTo(outsideBefore);
  }

  private static JsonObject args(String tool, int i) {
    return switch (tool) {
      case "read_file" -> new JsonObject().put("filepath", "d/secret.txt");
      case "write_file" -> new JsonObject().put("filepath", "d/new/n" + i + ".txt").put("content", "n");
      case "update_file" -> new JsonObject().put("filepath", "d/secret.txt").put("target", "inside").put("patch", "inside!");
      case "list_dir" -> new JsonObject().put("directory", "d");
      case "glob" -> new JsonObject().put("pattern", i % 2 == 0 ? "*" : "**/*.txt").put("directory", i % 2 == 0 ? "d" : ".");
      default -> i % 2 == 0 ? new JsonObject().put("pattern", "OUTSIDE-SECRET").put("directory", "d")
        : new JsonObject().put("pattern", "OUTSIDE-SECRET").put("path", "d/secret.txt");
    };
  }

  private static void assertInside(String tool, JsonObject output) {
    switch (tool) {
      case "read_file" -> assertThat(output.getString("content")).startsWith("inside").doesNotContain("OUTSIDE");
      case "list_dir" -> assertThat(output.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("name")))
        .doesNotContain("outside-only.txt");
      case "glob" -> assertThat(output.getJsonArray("files").encode()).doesNotContain("outside-only");
      case "grep" -> {
        assertThat(output.getJsonArray("matches")).isEqualTo(new JsonArray());
        assertThat(output.getJsonArray("files")).isEqualTo(new JsonArray());
      }
      default -> {
      }
    }
  }

  private static Map<String, String> snapshot(Path folder) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path path : walk.toList()) {
        files.put(folder.relativize(path).toString(), Files.isRegularFile(path) ? Files.readString(path) : "/");
      }
    }
    return files;
  }
}
