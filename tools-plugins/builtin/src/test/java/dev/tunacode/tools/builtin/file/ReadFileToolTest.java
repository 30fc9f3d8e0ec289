package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import dev.tunacode.tools.builtin.UnprivilegedCalls;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.tunacode.core.testing.TestHosts.call;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("read_file")
class ReadFileToolTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
  }

  private JsonObject read(JsonObject args) throws Exception {
    return host.ok("read_file", args);
  }

  @Test
  @DisplayName("returns a whole file as it is, with its line count")
  void whole() throws Exception {
    Files.writeString(root.resolve("a.txt"), "one\ntwo\nthree\n");

    JsonObject output = read(new JsonObject().put("filepath", "a.txt"));

    assertThat(output).isEqualTo(new JsonObject().put("text", "one\ntwo\nthree\n").put("content", "one\ntwo\nthree\n")
      .put("totalLines", 3).put("truncated", false).put("encoding", "utf-8"));
  }

  @Test
  @DisplayName("reads CRLF and CR line ends as LF, as Python's text mode does, keeps a missing final newline and non-ASCII text")
  void crlfAndUnicode() throws Exception {
    Files.writeString(root.resolve("ünï çødé.txt"), "α\r\nβ\r\nγ");
    Files.writeString(root.resolve("old-mac.txt"), "one\rtwo\r");

    JsonObject output = read(new JsonObject().put("filepath", "ünï çødé.txt"));

    assertThat(output.getString("text")).isEqualTo("α\nβ\nγ");
    assertThat(output.getString("content")).isEqualTo("α\nβ\nγ");
    assertThat(output.getInteger("totalLines")).isEqualTo(3);
    assertThat(read(new JsonObject().put("filepath", "old-mac.txt")).getString("text")).isEqualTo("one\ntwo\n");
    assertThat(read(new JsonObject().put("filepath", "ünï çødé.txt").put("offset", 2)).getString("content")).isEqualTo("β\nγ");
  }

  @Test
  @DisplayName("names the bytes UTF-8 refuses with Python's words: a bad start, a bad continuation, data that ends too soon")
  void pythonDecodeErrors() throws Exception {
    Files.write(root.resolve("start.txt"), new byte[] {'o', 'k', (byte) 0x80, 'x'});
    Files.write(root.resolve("continuation.txt"), new byte[] {'a', (byte) 0xe2, (byte) 0x82, 'x'});
    Files.write(root.resolve("end.txt"), new byte[] {'a', 'b', (byte) 0xf0, (byte) 0x9f});

    String prefix = "It might be a binary file or use a different encoding. 'utf-8' codec can't decode ";
    assertThat(host.error("read_file", new JsonObject().put("filepath", "start.txt")).getString("message"))
      .endsWith(prefix + "byte 0x80 in position 2: invalid start byte");
    assertThat(host.error("read_file", new JsonObject().put("filepath", "continuation.txt")).getString("message"))
      .endsWith(prefix + "bytes in position 1-2: invalid continuation byte");
    assertThat(host.error("read_file", new JsonObject().put("filepath", "end.txt")).getString("message"))
      .endsWith(prefix + "bytes in position 2-3: unexpected end of data");
  }

  @Test
  @DisplayName("reads a file by a non-ASCII name in non-ASCII folders, whole and by window")
  void nonAsciiNames() throws Exception {
    Path folder = Files.createDirectories(root.resolve("données").resolve("日本語 ✓"));
    Files.writeString(folder.resolve("🐟 fish.txt"), "ünï\nçødé\n");

    assertThat(read(new JsonObject().put("filepath", "données/日本語 ✓/🐟 fish.txt"))).isEqualTo(new JsonObject()
      .put("text", "ünï\nçødé\n").put("content", "ünï\nçødé\n").put("totalLines", 2).put("truncated", false).put("encoding", "utf-8"));
    assertThat(read(new JsonObject().put("filepath", "données/日本語 ✓/🐟 fish.txt").put("offset", 2)).getString("text"))
      .isEqualTo("çødé\n");
    assertThat(host.error("read_file", new JsonObject().put("filepath", "données/日本語 ✓/🐠.txt"))).isEqualTo(new JsonObject()
      .put("code", "NOT_FOUND").put("message", "Error: File not found at 'données/日本語 ✓/🐠.txt'."));
  }

  @Test
  @DisplayName("numbers lines when asked")
  void lineNumbers() throws Exception {
    Files.writeString(root.resolve("a.txt"), "one\ntwo");

    assertThat(read(new JsonObject().put("filepath", "a.txt").put("line_numbers", true)).getString("text"))
      .isEqualTo("     1\tone\n     2\ttwo");
  }

  @Test
  @DisplayName("reads a window of lines with offset and limit, and says how to read on")
  void window() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(root.resolve("a.txt"), text);

    JsonObject output = read(new JsonObject().put("filepath", "a.txt").put("offset", 3).put("limit", 2).put("line_numbers", true));

    assertThat(output.getString("content")).isEqualTo("line 3\nline 4\n");
    assertThat(output.getString("text")).isEqualTo("     3\tline 3\n     4\tline 4\n[lines 3-4 of 10; use offset=5 to read on]");
    assertThat(output.getInteger("totalLines")).isEqualTo(10);
    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(read(new JsonObject().put("filepath", "a.txt").put("offset", 9)).getString("text")).isEqualTo("line 9\nline 10\n");
    assertThat(read(new JsonObject().put("filepath", "a.txt").put("offset", 40)).getString("text"))
      .isEqualTo("[offset 40 is past the end of the file, which has 10 lines]");
  }

  @Test
  @DisplayName("says a line longer than a window's 256 KiB is too long, how long it is and how to read it, never that the offset is past the end")
  void lineLongerThanAWindow() throws Exception {
    Files.writeString(root.resolve("long.txt"), "short\n" + "x".repeat(300_000) + "\nend\n");
    Files.writeString(root.resolve("last.txt"), "short\n" + "y".repeat(262_145));

    assertThat(read(new JsonObject().put("filepath", "long.txt").put("offset", 1)).getString("text"))
      .isEqualTo("short\n[lines 1-1 of 3; use offset=2 to read on]");
    assertThat(host.error("read_file", new JsonObject().put("filepath", "long.txt").put("offset", 2))).isEqualTo(new JsonObject()
      .put("code", "TOO_LARGE").put("message", "Error: Line 2 of 'long.txt' takes 300,001 bytes, more than the 262,144 bytes "
        + "read_file returns in one call, so it cannot be shown. Read part of it with bash, for example "
        + "`sed -n '2p' 'long.txt' | cut -c1-4000`, or read on from offset=3."));
    assertThat(host.error("read_file", new JsonObject().put("filepath", "last.txt").put("offset", 2).put("limit", 1)))
      .isEqualTo(new JsonObject().put("code", "TOO_LARGE").put("message", "Error: Line 2 of 'last.txt' takes 262,145 bytes, "
        + "more than the 262,144 bytes read_file returns in one call, so it cannot be shown. Read part of it with bash, for "
        + "example `sed -n '2p' 'last.txt' | cut -c1-4000`."));
    assertThat(read(new JsonObject().put("filepath", "long.txt").put("offset", 3)).getString("text")).isEqualTo("end\n");
  }

  @Test
  @DisplayName("reads lines 10,000,000 to 10,000,100 of a 2 GB file in bounded memory (tests run with -Xmx256m)")
  void hugeFile() throws Exception {
    Path big = HugeFiles.lines(root.resolve("big.txt"), 10_000_200, 200);

    JsonObject output = read(new JsonObject().put("filepath", "big.txt").put("offset", 10_000_000).put("limit", 101));

    String content = output.getString("content");
    assertThat(content.lines()).hasSize(101);
    assertThat(content).startsWith(HugeFiles.line(10_000_000, 200)).endsWith(HugeFiles.line(10_000_100, 200));
    assertThat(output.getLong("totalLines")).isEqualTo(10_000_200L);
    assertThat(Files.size(big)).isGreaterThan(2_000_000_000L);
  }

  @Test
  @DisplayName("refuses a file over 100 KB without a window, with the original's message")
  void tooLarge() throws Exception {
    Files.writeString(root.resolve("big.txt"), "x".repeat(102_401));

    assertThat(host.error("read_file", new JsonObject().put("filepath", "big.txt"))).isEqualTo(new JsonObject()
      .put("code", "TOO_LARGE").put("message",
        "Error: File 'big.txt' is too large (> 100KB). Please specify a smaller file or use other tools to process it."));
  }

  @Test
  @DisplayName("gives NOT_FOUND, BINARY_FILE, bad UTF-8 and folder errors with their messages")
  void errors() throws Exception {
    Files.write(root.resolve("bin.dat"), new byte[] {1, 2, 0, 3});
    Files.write(root.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    Files.createDirectory(root.resolve("dir"));

    assertThat(host.error("read_file", new JsonObject().put("filepath", "nope.txt")))
      .isEqualTo(new JsonObject().put("code", "NOT_FOUND").put("message", "Error: File not found at 'nope.txt'."));
    assertThat(host.error("read_file", new JsonObject().put("filepath", "bin.dat"))).isEqualTo(new JsonObject()
      .put("code", "BINARY_FILE").put("message", "Error: File 'bin.dat' is a binary file, not text. "
        + "Use bash (for example `xxd` or `file`) to inspect it."));
    assertThat(host.error("read_file", new JsonObject().put("filepath", "bin.dat").put("offset", 1)).getString("code"))
      .isEqualTo("BINARY_FILE");
    assertThat(host.error("read_file", new JsonObject().put("filepath", "latin1.txt"))).isEqualTo(new JsonObject()
      .put("code", "IO_ERROR").put("message", "Error reading file 'latin1.txt': Could not decode using UTF-8. It might be "
        + "a binary file or use a different encoding. 'utf-8' codec can't decode byte 0xe9 in position 3: unexpected end of data"));
    assertThat(host.error("read_file", new JsonObject().put("filepath", "dir"))).isEqualTo(new JsonObject()
      .put("code", "INVALID_ARGS").put("message", "Error: 'dir' is a directory, not a file. Use list_dir to see what it holds."));
  }

  @Test
  @DisplayName("refuses a file it may not read with IO_ERROR, whole or by window, in a child JVM that permissions bind even as root")
  void unreadable() throws Exception {
    Files.writeString(root.resolve("open.txt"), "open\n");
    Path secret = Files.writeString(root.resolve("secret.txt"), "secret\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));

    List<JsonObject> results = UnprivilegedCalls.run(root,
      call("read_file", new JsonObject().put("filepath", "open.txt")),
      call("read_file", new JsonObject().put("filepath", "secret.txt")),
      call("read_file", new JsonObject().put("filepath", "secret.txt").put("offset", 1)));

    assertThat(results).hasSize(3);
    assertThat(results.get(0).getJsonObject("output").getString("text")).as("the child reads what it may").isEqualTo("open\n");
    JsonObject denied = new JsonObject().put("code", "IO_ERROR").put("message", "Error reading file 'secret.txt': Permission denied.");
    assertThat(results.get(1).getJsonObject("error")).isEqualTo(denied);
    assertThat(results.get(2).getJsonObject("error")).isEqualTo(denied);
  }

  @Test
  @DisplayName("reads an empty file as empty")
  void empty() throws Exception {
    Files.writeString(root.resolve("e.txt"), "");

    assertThat(read(new JsonObject().put("filepath", "e.txt")).getInteger("totalLines")).isZero();
  }
}
