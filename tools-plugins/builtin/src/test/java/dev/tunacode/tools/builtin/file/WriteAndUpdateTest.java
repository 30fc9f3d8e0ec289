package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import dev.tunacode.tools.builtin.UnprivilegedCalls;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static dev.tunacode.core.testing.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The writing tools")
class WriteAndUpdateTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
  }

  private long tempFiles() throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
    }
  }

  @Nested
  @DisplayName("write_file")
  class Write {

    @Test
    @DisplayName("creates the file and its folders, rw-r--r--, and leaves no temp file")
    void creates() throws Exception {
      JsonObject output = host.ok("write_file", new JsonObject().put("filepath", "new/dir/ñ.txt").put("content", "héllo\n"));

      assertThat(output).isEqualTo(new JsonObject().put("text", "Successfully wrote to new file: new/dir/ñ.txt")
        .put("path", "new/dir/ñ.txt").put("bytes", 7));
      assertThat(Files.readString(root.resolve("new/dir/ñ.txt"))).isEqualTo("héllo\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("new/dir/ñ.txt")))).isEqualTo("rw-r--r--");
      assertThat(tempFiles()).isZero();
    }

    @Test
    @DisplayName("writes a name with a backslash as one name, and names that file in its reply")
    void backslash() throws Exception {
      JsonObject output = host.ok("write_file", new JsonObject().put("filepath", "dir\\name.txt").put("content", "x"));

      assertThat(output).isEqualTo(new JsonObject().put("text", "Successfully wrote to new file: dir\\name.txt")
        .put("path", "dir\\name.txt").put("bytes", 1));
      assertThat(root.resolve("dir\\name.txt")).hasContent("x");
      assertThat(root.resolve("dir")).doesNotExist();
    }

    @Test
    @DisplayName("refuses an existing file or folder with ALREADY_EXISTS and leaves it alone")
    void exists() throws Exception {
      Files.writeString(root.resolve("a.txt"), "keep");
      Files.createDirectory(root.resolve("d"));

      for (String path : new String[] {"a.txt", "d"}) {
        assertThat(host.error("write_file", new JsonObject().put("filepath", path).put("content", "x"))).isEqualTo(new JsonObject()
          .put("code", "ALREADY_EXISTS").put("message", "File '" + path + "' already exists. Use the `update_file` tool "
            + "to modify it, or choose a different filepath."));
      }
      assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("keep");
    }

    @Test
    @DisplayName("refuses content with a lone surrogate, which UTF-8 cannot hold, rather than write '?' for it; a pair is written")
    void loneSurrogate() throws Exception {
      assertThat(host.error("write_file", new JsonObject().put("filepath", "s.txt").put("content", "ab\uD800c")))
        .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", "Invalid arguments for write_file: 'content' "
          + "holds a lone surrogate (\\ud800) at character 2, which UTF-8 cannot encode: surrogates come in pairs. Remove it, "
          + "or send the character it was meant to be."));
      assertThat(root.resolve("s.txt")).doesNotExist();

      Files.writeString(root.resolve("u.txt"), "one\n");
      assertThat(host.error("update_file", new JsonObject().put("filepath", "u.txt").put("target", "one").put("patch", "\uDC00"))
        .getString("message")).startsWith("Invalid arguments for update_file: 'patch' holds a lone surrogate (\\udc00) at character 0");
      assertThat(Files.readString(root.resolve("u.txt"))).isEqualTo("one\n");

      host.ok("write_file", new JsonObject().put("filepath", "pair.txt").put("content", "\uD83D\uDE00"));
      assertThat(Files.readString(root.resolve("pair.txt"))).isEqualTo("\uD83D\uDE00");
    }

    @Test
    @DisplayName("refuses a path that goes through a file with IO_ERROR, naming the file, and creates nothing")
    void underAFile() throws Exception {
      Files.writeString(root.resolve("f.txt"), "keep");

      for (String path : new String[] {"f.txt/b.txt", "f.txt/x/b.txt"}) {
        assertThat(host.error("write_file", new JsonObject().put("filepath", path).put("content", "x"))).isEqualTo(new JsonObject()
          .put("code", "IO_ERROR").put("message", "Cannot create '" + path + "': 'f.txt' is a file, not a folder. "
            + "Choose a different filepath."));
      }
      assertThat(Files.readString(root.resolve("f.txt"))).isEqualTo("keep");
      assertThat(tempFiles()).isZero();
    }

    @Test
    @DisplayName("writes non-ASCII names (accents, CJK, an emoji, spaces) as given, and refuses them once they exist")
    void nonAsciiNames() throws Exception {
      String name = "données/日本語 ✓/🐟 fish.txt";

      assertThat(host.ok("write_file", new JsonObject().put("filepath", name).put("content", "héllo ✓\n"))).isEqualTo(new JsonObject()
        .put("text", "Successfully wrote to new file: " + name).put("path", name).put("bytes", 11));
      assertThat(Files.readString(root.resolve("données").resolve("日本語 ✓").resolve("🐟 fish.txt"))).isEqualTo("héllo ✓\n");
      assertThat(host.error("write_file", new JsonObject().put("filepath", name).put("content", "x"))).isEqualTo(new JsonObject()
        .put("code", "ALREADY_EXISTS").put("message", "File '" + name + "' already exists. Use the `update_file` tool "
          + "to modify it, or choose a different filepath."));
    }
  }

  @Nested
  @DisplayName("update_file")
  class Update {

    @Test
    @DisplayName("replaces the target, keeps the permissions and returns a unified diff")
    void replaces() throws Exception {
      Path file = Files.writeString(root.resolve("a.sh"), "#!/bin/sh\necho one\necho two\necho three\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));

      JsonObject output = host.ok("update_file", new JsonObject().put("filepath", "a.sh").put("target", "echo two")
        .put("patch", "echo 2\necho 2b"));

      assertThat(output.getString("text")).isEqualTo("File 'a.sh' updated successfully.");
      assertThat(output.getString("diff")).isEqualTo("--- a/a.sh\n+++ b/a.sh\n@@ -1,4 +1,5 @@\n #!/bin/sh\n echo one\n"
        + "-echo two\n+echo 2\n+echo 2b\n echo three\n");
      assertThat(Files.readString(file)).isEqualTo("#!/bin/sh\necho one\necho 2\necho 2b\necho three\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
      assertThat(tempFiles()).isZero();
    }

    @Test
    @DisplayName("edits a file with a non-ASCII name and names it so in the text and the diff")
    void nonAsciiName() throws Exception {
      Path folder = Files.createDirectories(root.resolve("données").resolve("日本語 ✓"));
      Path file = Files.writeString(folder.resolve("🐟 fish.txt"), "héllo ✓\nbye\n");
      String name = "données/日本語 ✓/🐟 fish.txt";

      assertThat(host.ok("update_file", new JsonObject().put("filepath", name).put("target", "héllo").put("patch", "hello")))
        .isEqualTo(new JsonObject().put("text", "File '" + name + "' updated successfully.")
          .put("diff", "--- a/" + name + "\n+++ b/" + name + "\n@@ -1,2 +1,2 @@\n-héllo ✓\n+hello ✓\n bye\n"));
      assertThat(Files.readString(file)).isEqualTo("hello ✓\nbye\n");
    }

    @Test
    @DisplayName("keeps CRLF line ends and a missing final newline")
    void crlf() throws Exception {
      Path file = Files.writeString(root.resolve("w.txt"), "a\r\nb\r\nc");

      JsonObject output = host.ok("update_file", new JsonObject().put("filepath", "w.txt").put("target", "c").put("patch", "C"));

      assertThat(Files.readString(file)).isEqualTo("a\r\nb\r\nC");
      assertThat(output.getString("diff")).isEqualTo("--- a/w.txt\n+++ b/w.txt\n@@ -1,3 +1,3 @@\n a\r\n b\r\n-c\n"
        + "\\ No newline at end of file\n+C\n\\ No newline at end of file\n");
    }

    @Test
    @DisplayName("finds an LF target in a CRLF file, as TunaCode did, and keeps the file's CRLF line ends, where TunaCode wrote LF")
    void lfTargetInCrlfFile() throws Exception {
      Path file = Files.writeString(root.resolve("w.txt"), "first line\r\nsecond line\r\nthird\r\n");

      host.ok("update_file", new JsonObject().put("filepath", "w.txt").put("target", "first line\nsecond").put("patch", "1st\n2nd"));
      host.ok("update_file", new JsonObject().put("filepath", "w.txt").put("target", "third").put("patch", "3rd\nand 4th"));

      assertThat(Files.readString(file)).isEqualTo("1st\r\n2nd line\r\n3rd\r\nand 4th\r\n");
      assertThat(host.error("update_file", new JsonObject().put("filepath", "w.txt").put("target", "nope\nline").put("patch", "x"))
        .getString("code")).isEqualTo("NO_MATCH");
    }

    @Test
    @DisplayName("says what a folder is, and what a file given as a folder is, instead of not found")
    void notAFile() throws Exception {
      Files.createDirectory(root.resolve("dir"));
      Files.writeString(root.resolve("a.txt"), "a");

      assertThat(host.error("update_file", new JsonObject().put("filepath", "dir").put("target", "a").put("patch", "b")))
        .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", "Error: 'dir' is a directory, not a file. "
          + "update_file changes a file's text; use list_dir to see what the directory holds."));
      assertThat(host.error("update_file", new JsonObject().put("filepath", "a.txt/x").put("target", "a").put("patch", "b")))
        .isEqualTo(new JsonObject().put("code", "NOT_FOUND").put("message", "File 'a.txt/x' not found: 'a.txt' is a file, "
          + "not a folder. Verify the filepath."));
    }

    @Test
    @DisplayName("refuses a target found more than once, saying how often and where, unless replace_all")
    void ambiguous() throws Exception {
      Path file = Files.writeString(root.resolve("a.txt"), "x = 1\ny = 2\nx = 1\n");

      assertThat(host.error("update_file", new JsonObject().put("filepath", "a.txt").put("target", "x = 1").put("patch", "x = 3")))
        .isEqualTo(new JsonObject().put("code", "AMBIGUOUS_MATCH").put("message", "Target block occurs 2 times in 'a.txt' "
          + "(at lines 1, 3). Add surrounding lines to the `target` so that it matches once, or set replace_all to true "
          + "to replace every occurrence."));
      assertThat(Files.readString(file)).isEqualTo("x = 1\ny = 2\nx = 1\n");

      host.ok("update_file", new JsonObject().put("filepath", "a.txt").put("target", "x = 1").put("patch", "x = 3")
        .put("replace_all", true));
      assertThat(Files.readString(file)).isEqualTo("x = 3\ny = 2\nx = 3\n");
    }

    @Test
    @DisplayName("gives the original's messages for a missing file, a missing target and no change")
    void errors() throws Exception {
      StringBuilder text = new StringBuilder();
      for (int i = 1; i <= 12; i++) {
        text.append("line ").append(i).append('\n');
      }
      Files.writeString(root.resolve("a.txt"), text);

      assertThat(host.error("update_file", new JsonObject().put("filepath", "nope.txt").put("target", "a").put("patch", "b")))
        .isEqualTo(new JsonObject().put("code", "NOT_FOUND").put("message", "File 'nope.txt' not found. Cannot update. "
          + "Verify the filepath or use `write_file` if it's a new file."));
      assertThat(host.error("update_file", new JsonObject().put("filepath", "a.txt").put("target", "absent").put("patch", "b")))
        .isEqualTo(new JsonObject().put("code", "NO_MATCH").put("message", "Target block not found in 'a.txt'. Ensure the "
          + "`target` argument exactly matches the content you want to replace. File starts with:\n---\nline 1\nline 2\n"
          + "line 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\n---"));
      assertThat(host.error("update_file", new JsonObject().put("filepath", "a.txt").put("target", "line 3").put("patch", "line 3")))
        .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", "Update target found, but replacement resulted "
          + "in no changes to 'a.txt'. Was the `target` identical to the `patch`? Please check the file content."));
    }

    @Test
    @DisplayName("refuses an empty target with INVALID_ARGS")
    void emptyTarget() throws Exception {
      Path file = Files.writeString(root.resolve("a.txt"), "abc\n");

      assertThat(host.error("update_file", new JsonObject().put("filepath", "a.txt").put("target", "").put("patch", "x")))
        .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", "The `target` is empty. Give the exact text to replace."));
      assertThat(Files.readString(file)).isEqualTo("abc\n");
    }

    @Test
    @DisplayName("refuses a binary file with BINARY_FILE and text that is not UTF-8 with IO_ERROR, as read_file does")
    void binaryAndBadUtf8() throws Exception {
      byte[] binary = {'a', 'b', 'c', 0, 'd', '\n'};
      byte[] latin1 = "caf\u00e9 abc\n".getBytes(StandardCharsets.ISO_8859_1);
      Files.write(root.resolve("bin.dat"), binary);
      Files.write(root.resolve("latin1.txt"), latin1);

      assertThat(host.error("update_file", new JsonObject().put("filepath", "bin.dat").put("target", "abc").put("patch", "x")))
        .isEqualTo(new JsonObject().put("code", "BINARY_FILE").put("message", "Error: File 'bin.dat' is a binary file, not text. "
          + "Use bash (for example `xxd` or `file`) to inspect it."));
      assertThat(host.error("update_file", new JsonObject().put("filepath", "latin1.txt").put("target", "abc").put("patch", "x")))
        .isEqualTo(new JsonObject().put("code", "IO_ERROR").put("message", "Error reading file 'latin1.txt': Could not decode "
          + "using UTF-8. It might be a binary file or use a different encoding. 'utf-8' codec can't decode byte 0xe9 in position 3: "
          + "invalid continuation byte"));
      assertThat(Files.readAllBytes(root.resolve("bin.dat"))).isEqualTo(binary);
      assertThat(Files.readAllBytes(root.resolve("latin1.txt"))).isEqualTo(latin1);
    }

    @Test
    @DisplayName("finds that a target of half a million a's and a b is not in ten megabytes of a's, in linear time")
    void worstCaseTarget() throws Exception {
      Files.writeString(root.resolve("as.txt"), "a".repeat(10 * 1024 * 1024));

      JsonObject error = host.error("update_file", new JsonObject().put("filepath", "as.txt")
        .put("target", "a".repeat(500_000) + "b").put("patch", "x"));

      assertThat(error).isEqualTo(new JsonObject().put("code", "NO_MATCH").put("message", "Target block not found in 'as.txt'. "
        + "Ensure the `target` argument exactly matches the content you want to replace. File starts with:\n---\n"
        + "a".repeat(2_000) + "…\n---"));
    }

    @Test
    @DisplayName("lists the lines of the first 20 occurrences of an ambiguous target and counts the rest")
    void manyOccurrences() throws Exception {
      Files.writeString(root.resolve("lines.txt"), "a\n".repeat(500_000));

      JsonObject error = host.error("update_file", new JsonObject().put("filepath", "lines.txt").put("target", "a").put("patch", "b"));

      assertThat(error).isEqualTo(new JsonObject().put("code", "AMBIGUOUS_MATCH").put("message", "Target block occurs 500000 "
        + "times in 'lines.txt' (at lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 and 499980 more). "
        + "Add surrounding lines to the `target` so that it matches once, or set replace_all to true to replace every occurrence."));
    }

    @Test
    @DisplayName("edits a file of exactly 10 MB and refuses one byte more with TOO_LARGE")
    void tooLarge() throws Exception {
      String line = "x".repeat(1023) + "\n";
      String tenMegabytes = "target\n" + line.repeat(10 * 1024 - 1) + "y".repeat(1024 - 7);
      assertThat(tenMegabytes).hasSize(10 * 1024 * 1024);
      Path limit = Files.writeString(root.resolve("limit.txt"), tenMegabytes);
      Path over = Files.writeString(root.resolve("over.txt"), tenMegabytes + "y");

      assertThat(host.ok("update_file", new JsonObject().put("filepath", "limit.txt").put("target", "target").put("patch", "TARGET"))
        .getString("diff")).isEqualTo("--- a/limit.txt\n+++ b/limit.txt\n@@ -1,4 +1,4 @@\n-target\n+TARGET\n " + line + " " + line
          + " " + line);
      assertThat(host.error("update_file", new JsonObject().put("filepath", "over.txt").put("target", "target").put("patch", "TARGET")))
        .isEqualTo(new JsonObject().put("code", "TOO_LARGE").put("message", "File 'over.txt' is too large to update (over 10 MB). "
          + "Edit it with bash instead, for example with sed."));
      assertThat(Files.size(limit)).isEqualTo(10 * 1024 * 1024);
      assertThat(Files.readString(limit)).startsWith("TARGET\n");
      assertThat(Files.readString(over)).startsWith("target\n");
    }
  }

  @Test
  @DisplayName("refuse what the host may not write or read with IO_ERROR naming the path, and change nothing (in a child JVM that permissions bind)")
  void denied() throws Exception {
    Path readOnly = Files.createDirectory(root.resolve("ro"));
    Path kept = Files.writeString(readOnly.resolve("kept.txt"), "abc\n");
    Path closed = Files.writeString(root.resolve("closed.txt"), "abc\n");
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    try {
      List<JsonObject> results = UnprivilegedCalls.run(root,
        call("write_file", new JsonObject().put("filepath", "ok.txt").put("content", "fine")),
        call("write_file", new JsonObject().put("filepath", "ro/new.txt").put("content", "x")),
        call("update_file", new JsonObject().put("filepath", "ro/kept.txt").put("target", "abc").put("patch", "xyz")),
        call("update_file", new JsonObject().put("filepath", "closed.txt").put("target", "abc").put("patch", "xyz")));

      assertThat(results.get(0).getBoolean("ok")).as("the child writes where it may").isTrue();
      assertThat(results.get(1).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "IO_ERROR")
        .put("message", "Error writing file 'ro/new.txt': Permission denied. Choose a path the host may write to."));
      assertThat(results.get(2).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "IO_ERROR")
        .put("message", "Error writing file 'ro/kept.txt': Permission denied. Choose a path the host may write to."));
      assertThat(results.get(3).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "IO_ERROR")
        .put("message", "Error reading file 'closed.txt': Permission denied."));
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rw-r--r--"));
    }
    assertThat(readOnly.resolve("new.txt")).doesNotExist();
    assertThat(Files.readString(kept)).isEqualTo("abc\n");
    assertThat(Files.readString(closed)).isEqualTo("abc\n");
    try (Stream<Path> leftovers = Files.list(readOnly)) {
      assertThat(leftovers).containsExactly(kept);
    }
  }
}
