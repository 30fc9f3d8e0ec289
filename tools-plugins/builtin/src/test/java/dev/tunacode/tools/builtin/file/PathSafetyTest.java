package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every path argument")
class PathSafetyTest {

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
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("out-link"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("out-dir"), outside);
    Files.createDirectory(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("sub/loop"), root.resolve("sub/loop"));
  }

  private JsonObject args(String tool, String path) {
    return switch (tool) {
      case "read_file" -> new JsonObject().put("filepath", path);
      case "write_file" -> new JsonObject().put("filepath", path).put("content", "x");
      case "update_file" -> new JsonObject().put("filepath", path).put("target", "secret").put("patch", "gone");
      default -> new JsonObject().put("directory", path);
    };
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"read_file", "write_file", "update_file", "list_dir"})
  @DisplayName("is refused with OUTSIDE_WORKSPACE when it leaves the workspace, before any I/O")
  void escapes(String tool) throws Exception {
    for (String path : new String[] {"../outside/secret.txt", outside + "/secret.txt", "out-link", "out-dir/secret.txt",
      "out-dir/new.txt"}) {
      JsonObject error = host.error(tool, args(tool, path));
      assertThat(error.getString("code")).as(tool + " " + path).isEqualTo("OUTSIDE_WORKSPACE");
    }
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
    assertThat(outside.resolve("new.txt")).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"read_file", "write_file", "update_file", "list_dir"})
  @DisplayName("with a NUL character is refused with INVALID_ARGS")
  void nul(String tool) throws Exception {
    JsonObject error = host.error(tool, args(tool, "a\0b"));

    assertThat(error).isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
      .put("message", "The path 'a\\0b' contains a NUL character. Remove it and try again."));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"read_file", "write_file", "update_file", "list_dir"})
  @DisplayName("through a symlink loop is an error, not a hang")
  void loop(String tool) throws Exception {
    JsonObject error = host.error(tool, args(tool, "sub/loop/x"));

    assertThat(error.getString("code")).isEqualTo("IO_ERROR");
  }
}
