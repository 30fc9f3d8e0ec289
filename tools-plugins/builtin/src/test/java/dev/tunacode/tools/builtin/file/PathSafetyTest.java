package dev.tunacode.tools.builtin.file;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

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

  @Test
  @DisplayName("that is absolute is inside when it starts with the workspace as the host was given it, through a symlink")
  void rootThroughALink() throws Exception {
    Path link = Files.createSymbolicLink(outside.resolve("ws-link"), root);
    Files.writeString(root.resolve("sub/a.txt"), "alpha\n");
    // A host of its own, on a Vert.x of its own: two hosts on one event bus would share its calls.
    Vertx vertx = Vertx.vertx();
    try (BuiltinHost linked = BuiltinHost.start(vertx, link)) {
      assertThat(linked.ok("read_file", new JsonObject().put("filepath", link + "/sub/a.txt")).getString("text")).isEqualTo("alpha\n");
      assertThat(linked.ok("read_file", new JsonObject().put("filepath", root + "/sub/a.txt")).getString("text")).isEqualTo("alpha\n");
      assertThat(linked.ok("write_file", new JsonObject().put("filepath", link + "/sub/b.txt").put("content", "beta")))
        .isEqualTo(new JsonObject().put("text", "Successfully wrote to new file: " + link + "/sub/b.txt").put("path", "sub/b.txt")
          .put("bytes", 4));
      assertThat(linked.ok("list_dir", new JsonObject().put("directory", link + "/sub")).getString("text"))
        .startsWith("Contents of '" + root.resolve("sub") + "':");
      assertThat(linked.error("read_file", new JsonObject().put("filepath", link + "/../outside/secret.txt"))).isEqualTo(new JsonObject()
        .put("code", "OUTSIDE_WORKSPACE").put("message", "The path '" + link + "/../outside/secret.txt' is outside the workspace. "
          + "Use a path inside the workspace root, relative to it."));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(root.resolve("sub/b.txt")).hasContent("beta");
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
