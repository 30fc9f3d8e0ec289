package dev.tunacode.tools.builtin.search;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import dev.tunacode.tools.builtin.UnprivilegedCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.tunacode.core.testing.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("glob and grep, and the paths they are given or find")
class SearchPathSafetyTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  Path outside;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
    outside = workspace.outside("outside");
    Files.createDirectories(outside.resolve("sub"));
    Files.writeString(outside.resolve("secret.txt"), "needle secret\n");
    Files.writeString(outside.resolve("sub/deeper.txt"), "needle deeper\n");
    Files.createDirectories(root.resolve("src/loop"));
    Files.writeString(root.resolve("src/mine.txt"), "needle mine\n");
    Files.createSymbolicLink(root.resolve("out-file.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("out-dir"), outside);
    Files.createSymbolicLink(root.resolve("src/loop/again"), root.resolve("src"));
    Files.createSymbolicLink(root.resolve("src/loop/self"), root.resolve("src/loop/self"));
  }

  private static JsonObject args(String tool, String directory) {
    JsonObject args = new JsonObject().put("pattern", "glob".equals(tool) ? "*.txt" : "needle");
    return directory == null ? args : args.put("directory", directory);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"glob", "grep"})
  @DisplayName("refuses a folder that leaves the workspace: .., an absolute path, a link out, a path through a link out")
  void escapes(String tool) throws Exception {
    for (String directory : new String[] {"..", "../outside", outside.toString(), "out-dir", "out-dir/sub", "src/../../outside"}) {
      assertThat(host.error(tool, args(tool, directory))).as(tool + " " + directory).isEqualTo(new JsonObject()
        .put("code", "OUTSIDE_WORKSPACE").put("message", "The path '" + directory + "' is outside the workspace. "
          + "Use a path inside the workspace root, relative to it."));
    }
  }

  @Test
  @DisplayName("grep refuses a single file given as a link out of the workspace")
  void fileLinkOut() throws Exception {
    assertThat(host.error("grep", new JsonObject().put("pattern", "needle").put("path", "out-file.txt")).getString("code"))
      .isEqualTo("OUTSIDE_WORKSPACE");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"glob", "grep"})
  @DisplayName("refuses a folder name with a NUL character")
  void nul(String tool) throws Exception {
    assertThat(host.error(tool, args(tool, "src\0x"))).isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
      .put("message", "The path 'src\\0x' contains a NUL character. Remove it and try again."));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"glob", "grep"})
  @DisplayName("never follow the links they find: not out of the workspace, not round a loop")
  void linksFound(String tool) throws Exception {
    JsonObject output = host.ok(tool, args(tool, null));

    assertThat(output.getJsonArray("files")).isEqualTo(new JsonArray().add("src/mine.txt"));
    assertThat(output.getBoolean("truncated")).isFalse();
  }

  @Test
  @DisplayName("skip a folder and a file they may not read, and search the rest (in a child JVM that permissions bind)")
  void unreadable() throws Exception {
    Path locked = Files.createDirectory(root.resolve("src/locked"));
    Files.writeString(locked.resolve("hidden.txt"), "needle hidden\n");
    Path closed = Files.writeString(root.resolve("src/closed.txt"), "needle closed\n");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    try {
      List<JsonObject> results = UnprivilegedCalls.run(root, call("glob", args("glob", null)),
        call("grep", args("grep", null)));

      JsonObject glob = results.get(0).getJsonObject("output");
      assertThat(glob.getJsonArray("files")).as("a closed file is still listed; a closed folder cannot be")
        .isEqualTo(new JsonArray().add("src/closed.txt").add("src/mine.txt"));
      JsonObject grep = results.get(1).getJsonObject("output");
      assertThat(grep.getJsonArray("files")).isEqualTo(new JsonArray().add("src/mine.txt"));
      assertThat(grep.getInteger("candidates")).isEqualTo(2);
      assertThat(grep.getInteger("filesSearched")).as("the closed file is a candidate it could not read").isEqualTo(1);
      assertThat(grep.getBoolean("truncated")).isFalse();
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rw-------"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"glob", "grep"})
  @DisplayName("leave out what a .ignore file names, as well as what .gitignore names")
  void ignoreFiles(String tool) throws Exception {
    Files.writeString(root.resolve("src/.ignore"), "hidden-by-ignore.txt\n");
    Files.writeString(root.resolve(".gitignore"), "hidden-by-git.txt\n");
    Files.writeString(root.resolve("src/hidden-by-ignore.txt"), "needle\n");
    Files.writeString(root.resolve("src/hidden-by-git.txt"), "needle\n");

    assertThat(host.ok(tool, args(tool, null)).getJsonArray("files")).isEqualTo(new JsonArray().add("src/mine.txt"));
  }
}
