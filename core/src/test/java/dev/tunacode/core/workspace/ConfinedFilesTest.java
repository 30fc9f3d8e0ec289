package dev.tunacode.core.workspace;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The workspace a plugin sees")
class ConfinedFilesTest {

  @TempDir
  Path base;
  Path root;
  Path outside;
  ConfinedFiles files;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(base.resolve("ws")).toRealPath();
    outside = Files.createDirectory(base.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.writeString(root.resolve("a.txt"), "alpha");
    files = new ConfinedFiles(new Workspace(root));
  }

  @Test
  @DisplayName("reads a file whole and writes one in place, creating its folders, mode 0644")
  void readsAndWrites() throws Exception {
    assertThat(new String(files.read("a.txt", 100), StandardCharsets.UTF_8)).isEqualTo("alpha");

    files.write("new/deep/b.txt", "beta".getBytes(StandardCharsets.UTF_8));
    files.write("a.txt", "again".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(root.resolve("new/deep/b.txt"))).isEqualTo("beta");
    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("again");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("new/deep/b.txt")))).isEqualTo("rw-r--r--");
    try (var left = Files.list(root)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", "new");
    }
    assertThat(files.root()).isEqualTo(root);
    assertThat(files.resolve("new/../a.txt")).isEqualTo(root.resolve("a.txt"));
  }

  @Test
  @DisplayName("refuses a missing file, one past the limit, and any path or link that leads out")
  void refuses() throws Exception {
    Files.createSymbolicLink(root.resolve("out"), outside);

    assertCode(() -> files.read("missing.txt", 100), ErrorCode.NOT_FOUND);
    assertCode(() -> files.read("a.txt", 4), ErrorCode.TOO_LARGE);
    assertCode(() -> files.read("../outside/secret.txt", 100), ErrorCode.OUTSIDE_WORKSPACE);
    assertCode(() -> files.read("out/secret.txt", 100), ErrorCode.OUTSIDE_WORKSPACE);
    assertCode(() -> files.write("out/planted.txt", new byte[1]), ErrorCode.OUTSIDE_WORKSPACE);
    assertCode(() -> files.resolve(outside.resolve("secret.txt").toString()), ErrorCode.OUTSIDE_WORKSPACE);
    assertThat(outside.resolve("planted.txt")).doesNotExist();
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void assertCode(Step step, ErrorCode code) {
    assertThatThrownBy(step::run).isInstanceOfSatisfying(ToolException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
