package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import dev.tunacode.tools.builtin.UnprivilegedCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.tunacode.core.testing.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("list_dir")
class ListDirToolTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
  }

  @Test
  @DisplayName("lists folders first, then names ignoring case, with type marks, hidden names left out")
  void listing() throws Exception {
    Files.createDirectory(root.resolve("src"));
    Files.createDirectory(root.resolve("Docs"));
    Files.writeString(root.resolve("b.txt"), "bb");
    Files.writeString(root.resolve("A.md"), "a");
    Path run = Files.writeString(root.resolve("run.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(root.resolve("link"), root.resolve("src"));
    Files.writeString(root.resolve(".hidden"), "h");

    JsonObject output = host.ok("list_dir", new JsonObject());

    assertThat(output.getString("text")).isEqualTo("Contents of '" + root + "':\n\n"
      + "  Docs/    [DIR]\n"
      + "  src/     [DIR]\n"
      + "  A.md     [FILE]\n"
      + "  b.txt    [FILE]\n"
      + "  link@    [FILE]\n"
      + "  run.sh*  [FILE]\n"
      + "\nTotal: 6 entries (2 directories, 4 files)");
    JsonArray entries = output.getJsonArray("entries");
    assertThat(entries.getJsonObject(3)).isEqualTo(new JsonObject().put("name", "b.txt").put("type", "file").put("size", 2));
    assertThat(entries.getJsonObject(4).getString("type")).isEqualTo("symlink");
    assertThat(host.ok("list_dir", new JsonObject().put("show_hidden", true)).getString("text")).contains("  .hidden ");
  }

  @Test
  @DisplayName("lists non-ASCII names as TunaCode (Python) does: ordered, padded and cut by code points")
  void nonAsciiNames() throws Exception {
    Files.createDirectory(root.resolve("été"));
    Files.writeString(root.resolve("Ärger.txt"), "ä");
    Files.writeString(root.resolve("zeta.txt"), "");
    Files.writeString(root.resolve("日本語.md"), "");
    Files.writeString(root.resolve("🐟.txt"), "");
    Files.writeString(root.resolve("ｆｕｌｌ.txt"), "");
    String longName = "ñ".repeat(40) + "🐟".repeat(5) + ".txt";
    Files.writeString(root.resolve(longName), "");

    JsonObject output = host.ok("list_dir", new JsonObject());

    // Python's len() and slices count code points, and its sort compares them: the emoji (U+1F41F) counts
    // one, sorts after U+FF46, and the long name is cut after its fourth fish, not inside it. The column is
    // as wide as the longest name as it is (49), plus 2, at most 50.
    String cut = "ñ".repeat(40) + "🐟".repeat(4) + "...";
    int width = 50;
    assertThat(output.getString("text")).isEqualTo("Contents of '" + root + "':\n\n"
      + row("été/", width, "[DIR]") + row("zeta.txt", width, "[FILE]") + row("Ärger.txt", width, "[FILE]")
      + row(cut, width, "[FILE]") + row("日本語.md", width, "[FILE]") + row("ｆｕｌｌ.txt", width, "[FILE]")
      + row("🐟.txt", width, "[FILE]") + "\nTotal: 7 entries (1 directories, 6 files)");
    assertThat(output.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("name")))
      .containsExactly("été", "zeta.txt", "Ärger.txt", longName, "日本語.md", "ｆｕｌｌ.txt", "🐟.txt");
    assertThat(output.getJsonArray("entries").getJsonObject(2))
      .isEqualTo(new JsonObject().put("name", "Ärger.txt").put("type", "file").put("size", 2));
  }

  // As f"  {name:<{width}} {tag}": padded to the column, then a space.
  private static String row(String name, int width, String tag) {
    return "  " + name + " ".repeat(width - name.codePointCount(0, name.length())) + " " + tag + "\n";
  }

  @Test
  @DisplayName("cuts long names to 44 characters and ..., and caps the entries with a note")
  void longNamesAndCap() throws Exception {
    Files.writeString(root.resolve("a".repeat(60) + ".txt"), "");
    Files.writeString(root.resolve("short.txt"), "");

    JsonObject output = host.ok("list_dir", new JsonObject().put("max_entries", 1));

    assertThat(output.getString("text")).isEqualTo("Contents of '" + root + "':\n\n" + row("a".repeat(44) + "...", 50, "[FILE]")
      + "\nTotal: 1 entries (0 directories, 1 files)\nNote: Output limited to 1 entries");
    assertThat(output.getBoolean("truncated")).isTrue();
  }

  @Test
  @DisplayName("says an empty folder is empty, and gives the original's errors")
  void emptyAndErrors() throws Exception {
    Files.createDirectory(root.resolve("empty"));
    Files.writeString(root.resolve("f.txt"), "");

    assertThat(host.ok("list_dir", new JsonObject().put("directory", "empty")).getString("text"))
      .isEqualTo("Directory '" + root.resolve("empty") + "' is empty");
    assertThat(host.error("list_dir", new JsonObject().put("directory", "nope"))).isEqualTo(new JsonObject()
      .put("code", "NOT_FOUND").put("message", "Directory not found: " + root.resolve("nope")));
    assertThat(host.error("list_dir", new JsonObject().put("directory", "f.txt"))).isEqualTo(new JsonObject()
      .put("code", "INVALID_ARGS").put("message", "Not a directory: " + root.resolve("f.txt")));
  }

  @Test
  @DisplayName("reports a folder it may not read with IO_ERROR, in a child JVM that permissions bind even when tests run as root")
  void unreadable() throws Exception {
    Path locked = Files.createDirectory(root.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      List<JsonObject> results = UnprivilegedCalls.run(root, call("list_dir", new JsonObject()),
        call("list_dir", new JsonObject().put("directory", "locked")));

      assertThat(results).hasSize(2);
      assertThat(results.get(0).getJsonObject("output").getString("text")).as("the child lists what it may read")
        .isEqualTo("Contents of '" + root + "':\n\n  locked/  [DIR]\n\nTotal: 1 entries (1 directories, 0 files)");
      assertThat(results.get(1).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "IO_ERROR")
        .put("message", "Permission denied accessing directory: " + locked));
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
