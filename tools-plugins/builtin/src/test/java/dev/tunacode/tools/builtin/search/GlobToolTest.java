package dev.tunacode.tools.builtin.search;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("glob")
class GlobToolTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
    for (String file : new String[] {"README.md", "src/Main.java", "src/util/Strings.java", "src/util/Strings.kt",
      "src/Zeta.JAVA", "src-extra/X.java", "node_modules/lib/index.java", ".hidden/H.java", "build/Gen.java",
      "logs/app.log", "ünï/çødé.java"}) {
      Path path = root.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "x");
    }
    Files.writeString(root.resolve(".gitignore"), "logs/\n*.kt\n");
    Files.createSymbolicLink(root.resolve("src/link.java"), root.resolve("src/Main.java"));
  }

  private JsonObject glob(JsonObject args) throws Exception {
    return host.ok("glob", args);
  }

  @Test
  @DisplayName("lists absolute paths sorted as strings, grouped by folder, ignoring case, skipping hidden, ignored, "
    + "default-skipped and linked files")
  void text() throws Exception {
    JsonObject output = glob(new JsonObject().put("pattern", "**/*.java"));

    // Sorted as Python sorts strings: '-' (U+2D) before '/' (U+2F), so src-extra/ comes before src/.
    assertThat(output.getJsonArray("files")).isEqualTo(new JsonArray()
      .add("src-extra/X.java").add("src/Main.java").add("src/Zeta.JAVA").add("src/util/Strings.java").add("ünï/çødé.java"));
    assertThat(output.getString("text")).isEqualTo("Found 5 files matching pattern: **/*.java\n" + "=".repeat(60) + "\n"
      + "📁 " + root + "/src-extra/\n  - X.java\n\n📁 " + root + "/src/\n  - Main.java\n  - Zeta.JAVA\n\n📁 " + root
      + "/src/util/\n  - Strings.java\n\n📁 " + root + "/ünï/\n  - çødé.java");
    assertThat(output.getBoolean("truncated")).isFalse();
  }

  @Test
  @DisplayName("matches a pattern without ** against names at any depth, and expands every brace group")
  void namesAndBraces() throws Exception {
    assertThat(glob(new JsonObject().put("pattern", "{Main,X}.{java,md}")).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("src-extra/X.java").add("src/Main.java"));
    assertThat(glob(new JsonObject().put("pattern", "*.{md,log}").put("respect_gitignore", false)).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("README.md").add("logs/app.log"));
    assertThat(glob(new JsonObject().put("pattern", "src/*/*.java")).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("src/util/Strings.java"));
  }

  @Test
  @DisplayName("honours include_hidden, exclude_dirs, respect_gitignore, recursive and directory")
  void options() throws Exception {
    assertThat(glob(new JsonObject().put("pattern", "*.java").put("include_hidden", true)).getJsonArray("files")).contains(".hidden/H.java");
    assertThat(glob(new JsonObject().put("pattern", "*.java").put("exclude_dirs", new JsonArray().add("util"))).getJsonArray("files"))
      .doesNotContain("src/util/Strings.java");
    assertThat(glob(new JsonObject().put("pattern", "*.kt").put("respect_gitignore", false)).getJsonArray("files"))
      .isEqualTo(new JsonArray().add("src/util/Strings.kt"));
    JsonObject inSrc = glob(new JsonObject().put("pattern", "*.java").put("recursive", false).put("directory", "src"));
    assertThat(inSrc.getJsonArray("files")).isEqualTo(new JsonArray().add("src/Main.java").add("src/Zeta.JAVA"));
    assertThat(inSrc.getString("text")).isEqualTo("Found 2 files matching pattern: *.java\n" + "=".repeat(60) + "\n📁 " + root
      + "/src/\n  - Main.java\n  - Zeta.JAVA");
  }

  @Test
  @DisplayName("caps the total at max_results in path order and says so on a line of its own")
  void cap() throws Exception {
    JsonObject output = glob(new JsonObject().put("pattern", "**/*.java").put("max_results", 2));

    assertThat(output.getJsonArray("files")).isEqualTo(new JsonArray().add("src-extra/X.java").add("src/Main.java"));
    assertThat(output.getString("text")).startsWith("Found 2 files matching pattern: **/*.java\n(Results limited to 2 files)\n"
      + "=".repeat(60) + "\n📁 " + root + "/src-extra/\n");
    assertThat(output.getBoolean("truncated")).isTrue();
  }

  @Test
  @DisplayName("returns the files found so far marked truncated when the time budget runs out")
  void timeBudget() throws Exception {
    for (int i = 0; i < 3000; i++) {
      Path file = root.resolve("many/d" + (i % 30) + "/f" + i + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "x");
    }
    JsonObject output = glob(new JsonObject().put("pattern", "**/*.txt").put("timeout_ms", 1).put("max_results", 100_000));

    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(output.getJsonArray("files").size()).isLessThan(3000);
    assertThat(output.getString("text"))
      .endsWith("\n\n[Search stopped at its time budget; results are partial. Narrow the search or raise timeout_ms.]");
  }

  @Test
  @DisplayName("says when nothing matches, and works on an empty folder")
  void nothing() throws Exception {
    Files.createDirectory(root.resolve("empty"));

    assertThat(glob(new JsonObject().put("pattern", "*.rs")).getString("text")).isEqualTo("No files found matching pattern: *.rs");
    assertThat(glob(new JsonObject().put("pattern", "*").put("directory", "empty")).getJsonArray("files")).isEmpty();
  }

  @Test
  @DisplayName("refuses a folder outside the workspace, missing or a file, in TunaCode's words, and a glob that does not compile")
  void errors() throws Exception {
    assertThat(host.error("glob", new JsonObject().put("pattern", "*").put("directory", "..")).getString("code"))
      .isEqualTo("OUTSIDE_WORKSPACE");
    assertThat(host.error("glob", new JsonObject().put("pattern", "*").put("directory", "nope"))).isEqualTo(new JsonObject()
      .put("code", "NOT_FOUND").put("message", "Error: Directory 'nope' does not exist"));
    assertThat(host.error("glob", new JsonObject().put("pattern", "*").put("directory", "README.md"))).isEqualTo(new JsonObject()
      .put("code", "INVALID_ARGS").put("message", "Error: 'README.md' is not a directory"));
    assertThat(host.error("glob", new JsonObject().put("pattern", "[z-a].txt"))).isEqualTo(new JsonObject()
      .put("code", "INVALID_ARGS").put("message", "The glob '[z-a].txt' is not valid: Illegal character range."));
  }
}
