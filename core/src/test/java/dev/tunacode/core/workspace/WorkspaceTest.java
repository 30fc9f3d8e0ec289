package dev.tunacode.core.workspace;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The workspace")
class WorkspaceTest {

  @TempDir
  Path base;
  Path root;
  Path outside;
  Workspace workspace;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectory(base.resolve("ws")).toRealPath();
    outside = Files.createDirectory(base.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createDirectories(root.resolve("src/main"));
    Files.writeString(root.resolve("src/main/A.java"), "class A {}");
    workspace = new Workspace(root);
  }

  @Test
  @DisplayName("resolves relative and absolute paths inside the root")
  void inside() {
    assertThat(workspace.resolve("src/main/A.java")).isEqualTo(root.resolve("src/main/A.java"));
    assertThat(workspace.resolve(root.resolve("src").toString())).isEqualTo(root.resolve("src"));
    assertThat(workspace.resolve("src/../src/main")).isEqualTo(root.resolve("src/main"));
    assertThat(workspace.resolve(".")).isEqualTo(root);
    assertThat(workspace.resolve("new/dir/file.txt")).isEqualTo(root.resolve("new/dir/file.txt"));
  }

  @Test
  @DisplayName("given through a symlink, takes absolute paths under the path it was given and under its real path, and no other")
  void rootGivenThroughALink() throws Exception {
    Path link = Files.createSymbolicLink(base.resolve("link"), root);
    Workspace linked = new Workspace(link);
    Files.createSymbolicLink(root.resolve("via-link"), link.resolve("src/main"));

    assertThat(linked.root()).isEqualTo(root);
    assertThat(linked.resolve(link + "/src/main/A.java")).isEqualTo(root.resolve("src/main/A.java"));
    assertThat(linked.resolve(link.toString())).isEqualTo(root);
    assertThat(linked.resolve(link + "/new/b.txt")).isEqualTo(root.resolve("new/b.txt"));
    assertThat(linked.resolve(root + "/src/main/A.java")).isEqualTo(root.resolve("src/main/A.java"));
    assertThat(linked.resolve("via-link/A.java")).isEqualTo(root.resolve("src/main/A.java"));
    assertThat(linked.lexical(link + "/src")).isEqualTo(root.resolve("src"));
    assertOutside(linked, link + "/../outside/secret.txt");
    assertOutside(linked, base + "/link-other/a.txt");
    assertOutside(linked, base.toString());
  }

  @Test
  @DisplayName("refuses .. that leaves the root")
  void dotDot() {
    assertOutside("../outside/secret.txt");
    assertOutside("src/../../outside");
  }

  @Test
  @DisplayName("refuses an absolute path elsewhere")
  void absoluteElsewhere() {
    assertOutside(outside.resolve("secret.txt").toString());
    assertOutside("/etc/passwd");
  }

  @Test
  @DisplayName("refuses a symlink that leads out, as the file or as a parent folder, dangling or not")
  void symlinks() throws Exception {
    Files.createSymbolicLink(root.resolve("out-file"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("out-dir"), outside);
    Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet.txt"));
    Files.createSymbolicLink(root.resolve("src/hop"), root.resolve("out-dir"));

    assertOutside("out-file");
    assertOutside("out-dir/secret.txt");
    assertOutside("out-dir/new.txt");
    assertOutside("dangling");
    assertOutside("src/hop/secret.txt");
  }

  @Test
  @DisplayName("follows a symlink that stays inside to its real path")
  void symlinkInside() throws Exception {
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("src/main"));

    assertThat(workspace.resolve("alias/A.java")).isEqualTo(root.resolve("src/main/A.java"));
  }

  @Test
  @DisplayName("reports a symlink loop as IO_ERROR instead of hanging")
  void loop() throws Exception {
    Files.createSymbolicLink(root.resolve("a"), root.resolve("b"));
    Files.createSymbolicLink(root.resolve("b"), root.resolve("a"));

    assertThatThrownBy(() -> workspace.resolve("a/x"))
      .isInstanceOfSatisfying(ToolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IO_ERROR));
  }

  @Test
  @DisplayName("refuses a NUL character and an empty path with INVALID_ARGS, without touching the disk")
  void badCharacters() {
    assertThatThrownBy(() -> workspace.lexical("a\0b"))
      .isInstanceOfSatisfying(ToolException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(e.getMessage()).isEqualTo("The path 'a\\0b' contains a NUL character. Remove it and try again.");
      });
    assertThatThrownBy(() -> workspace.lexical(""))
      .isInstanceOfSatisfying(ToolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS));
  }

  private void assertOutside(String path) {
    assertOutside(workspace, path);
  }

  private static void assertOutside(Workspace workspace, String path) {
    assertThatThrownBy(() -> workspace.resolve(path))
      .as(path)
      .isInstanceOfSatisfying(ToolException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.OUTSIDE_WORKSPACE);
        assertThat(e.getMessage()).isEqualTo("The path '" + path
          + "' is outside the workspace. Use a path inside the workspace root, relative to it.");
      });
  }
}
