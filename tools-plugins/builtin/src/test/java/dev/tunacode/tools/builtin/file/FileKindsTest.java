package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The file tools, given a path that is not a plain file's")
class FileKindsTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
    Files.writeString(root.resolve("a.txt"), "keep\n");
    Files.createDirectory(root.resolve("src"));
  }

  private JsonObject error(String tool, String path) throws Exception {
    JsonObject args = new JsonObject().put("filepath", path);
    switch (tool) {
      case "write_file" -> args.put("content", "x");
      case "update_file" -> args.put("target", "keep").put("patch", "gone");
      default -> { }
    }
    return host.error(tool, args);
  }

  private static JsonObject refusal(String code, String message) {
    return new JsonObject().put("code", code).put("message", message);
  }

  private Stream<String> names() throws Exception {
    try (Stream<Path> listed = Files.list(root)) {
      return listed.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @Test
  @DisplayName("a file path that ends with '/' names a folder: INVALID_ARGS with the path to give instead, and nothing created")
  void trailingSlash() throws Exception {
    String folder = "' ends with '/', which names a folder, not a file. ";

    assertThat(error("read_file", "a.txt/")).isEqualTo(refusal("INVALID_ARGS",
      "Error: 'a.txt/" + folder + "To read the file, give its path without the '/': 'a.txt'."));
    assertThat(error("read_file", "a.txt//")).isEqualTo(refusal("INVALID_ARGS",
      "Error: 'a.txt//' ends with '//', which names a folder, not a file. To read the file, give its path without the '//': 'a.txt'."));
    assertThat(error("read_file", "./a.txt/.")).isEqualTo(refusal("INVALID_ARGS",
      "Error: './a.txt/.' ends with '/.', which names a folder, not a file. To read the file, give its path without the '/.': './a.txt'."));
    assertThat(error("update_file", "a.txt/")).isEqualTo(refusal("INVALID_ARGS",
      "Error: 'a.txt/" + folder + "To change the file, give its path without the '/': 'a.txt'."));
    assertThat(error("write_file", "a.txt/")).isEqualTo(refusal("INVALID_ARGS",
      "Error: 'a.txt/" + folder + "To create the file, give its path without the '/': 'a.txt' (to make a folder, use bash: mkdir -p)."));
    assertThat(error("write_file", "new.txt/")).isEqualTo(refusal("INVALID_ARGS",
      "Error: 'new.txt/" + folder + "To create the file, give its path without the '/': 'new.txt' (to make a folder, use bash: mkdir -p)."));
    assertThat(error("write_file", "made/new.txt/")).isEqualTo(refusal("INVALID_ARGS",
      "Error: 'made/new.txt/" + folder + "To create the file, give its path without the '/': 'made/new.txt' (to make a folder, use bash: mkdir -p)."));

    assertThat(names()).containsExactly("a.txt", "src");
    assertThat(root.resolve("a.txt")).hasContent("keep");
  }

  @Test
  @DisplayName("a path that ends with '/' keeps the answers it had for a folder and for nothing at all, as TunaCode's")
  void trailingSlashOnAFolderOrNothing() throws Exception {
    assertThat(error("read_file", "src/")).isEqualTo(refusal("INVALID_ARGS",
      "Error: 'src/' is a directory, not a file. Use list_dir to see what it holds."));
    assertThat(error("write_file", "src/")).isEqualTo(refusal("ALREADY_EXISTS",
      "File 'src/' already exists. Use the `update_file` tool to modify it, or choose a different filepath."));
    assertThat(error("read_file", "nope/")).isEqualTo(refusal("NOT_FOUND", "Error: File not found at 'nope/'."));
    assertThat(error("update_file", "nope/")).isEqualTo(refusal("NOT_FOUND",
      "File 'nope/' not found. Cannot update. Verify the filepath or use `write_file` if it's a new file."));
  }

  @Test
  @DisplayName("write_file refuses a dangling symlink as the existing name it is (ALREADY_EXISTS), never creating what it points to")
  void danglingLink() throws Exception {
    Files.createSymbolicLink(root.resolve("dang"), Path.of("missing.txt"));
    Files.createSymbolicLink(root.resolve("src/abs"), root.resolve("made/deep.txt"));
    Files.createSymbolicLink(root.resolve("hop"), Path.of("dang"));

    assertThat(error("write_file", "dang")).isEqualTo(refusal("ALREADY_EXISTS", "File 'dang' already exists as a symlink to "
      + "'missing.txt', which does not exist; write_file does not create files through a link. To create the file it points to, "
      + "write to 'missing.txt'; or choose a different filepath."));
    assertThat(error("write_file", "src/abs")).isEqualTo(refusal("ALREADY_EXISTS", "File 'src/abs' already exists as a symlink to "
      + "'made/deep.txt', which does not exist; write_file does not create files through a link. To create the file it points "
      + "to, write to 'made/deep.txt'; or choose a different filepath."));
    assertThat(error("write_file", "hop").getString("message")).startsWith("File 'hop' already exists as a symlink to 'missing.txt', ");
    assertThat(error("read_file", "dang")).isEqualTo(refusal("NOT_FOUND", "Error: File not found at 'dang'."));

    assertThat(names()).containsExactly("a.txt", "dang", "hop", "src");
    assertThat(Files.isSymbolicLink(root.resolve("dang"))).isTrue();
  }

  @Test
  @DisplayName("write_file refuses a dangling symlink that stands for a folder on the way, and creates nothing through it")
  void danglingFolderLink() throws Exception {
    Files.createSymbolicLink(root.resolve("gone"), Path.of("src/missing-dir"));

    assertThat(error("write_file", "gone/x.txt")).isEqualTo(refusal("IO_ERROR", "Cannot create 'gone/x.txt': 'gone' is a symlink to "
      + "'src/missing-dir', which does not exist; write_file does not create folders through a link. To create the file there, "
      + "write to 'src/missing-dir/x.txt'; or choose a different filepath."));
    assertThat(error("write_file", "gone/more/x.txt").getString("message")).startsWith("Cannot create 'gone/more/x.txt': 'gone' is "
      + "a symlink to 'src/missing-dir', ");

    assertThat(root.resolve("src")).isEmptyDirectory();
    assertThat(host.ok("write_file", new JsonObject().put("filepath", "src/missing-dir/x.txt").put("content", "x")).getString("text"))
      .isEqualTo("Successfully wrote to new file: src/missing-dir/x.txt");
  }

  @Test
  @DisplayName("read_file and update_file refuse a FIFO and a Unix socket alike with INVALID_ARGS, without waiting; write_file finds them existing")
  void fifoAndSocket() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(root.resolve("sock")));

      for (String path : new String[] {"pipe", "sock"}) {
        JsonObject notAFile = refusal("INVALID_ARGS", "Error: '" + path + "' is not a regular file (a FIFO, device or socket), and "
          + "the file tools read and change regular files only. Use bash to work with it.");
        assertThat(error("read_file", path)).as(path).isEqualTo(notAFile);
        assertThat(host.error("read_file", new JsonObject().put("filepath", path).put("offset", 1))).as(path).isEqualTo(notAFile);
        assertThat(error("update_file", path)).as(path).isEqualTo(notAFile);
        assertThat(error("write_file", path)).as(path).isEqualTo(refusal("ALREADY_EXISTS", "File '" + path + "' already exists. "
          + "Use the `update_file` tool to modify it, or choose a different filepath."));
      }
    }
  }
}
