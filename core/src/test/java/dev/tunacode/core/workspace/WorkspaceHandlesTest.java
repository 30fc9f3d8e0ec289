package dev.tunacode.core.workspace;

import dev.tunacode.core.os.Errno;
import dev.tunacode.core.os.Posix;
import dev.tunacode.core.os.PosixException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The workspace's handles")
class WorkspaceHandlesTest {

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

  @AfterEach
  void openat2Back() {
    Posix.useOpenat2(true);
  }

  private String read(String path) throws Exception {
    try (ResolvedPath resolved = workspace.locate(path); FileHandle file = resolved.openFile()) {
      return new String(file.readAll(0, 1 << 20), StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("reads a file through the folder it reached, and names it relative to the root")
  void readsAFile() throws Exception {
    try (ResolvedPath resolved = workspace.locate(root.resolve("src/main/A.java").toString())) {
      assertThat(resolved.relative()).isEqualTo("src/main/A.java");
      assertThat(resolved.isRegularFile()).isTrue();
      assertThat(resolved.stat().size()).isEqualTo(10);
    }
    assertThat(read("src/main/A.java")).isEqualTo("class A {}");
  }

  @Test
  @DisplayName("follows relative and absolute links that stay inside, and names the target")
  void linksInside() throws Exception {
    Files.createSymbolicLink(root.resolve("rel"), Path.of("src/main"));
    Files.createSymbolicLink(root.resolve("abs"), root.resolve("src"));
    Files.createSymbolicLink(root.resolve("src/up"), Path.of("../src/main/A.java"));

    try (ResolvedPath resolved = workspace.locate("rel/A.java")) {
      assertThat(resolved.relative()).isEqualTo("src/main/A.java");
    }
    try (ResolvedPath resolved = workspace.locate("abs/main")) {
      assertThat(resolved.relative()).isEqualTo("src/main");
      assertThat(resolved.isDirectory()).isTrue();
    }
    assertThat(read("src/up")).isEqualTo("class A {}");
    try (ResolvedPath resolved = workspace.locate("abs")) {
      assertThat(resolved.relative()).isEqualTo("src");
    }
  }

  @Test
  @DisplayName("refuses a link whose target leaves the root by '..' or through a folder outside")
  void linksOut() throws Exception {
    Files.createSymbolicLink(root.resolve("src/climb"), Path.of("../../outside/secret.txt"));
    Files.createSymbolicLink(outside.resolve("back"), root.resolve("src"));
    Files.createSymbolicLink(root.resolve("detour"), outside.resolve("back/main/A.java"));

    assertThatThrownBy(() -> workspace.locate("src/climb")).hasMessageContaining("is outside the workspace");
    assertThatThrownBy(() -> workspace.locate("detour")).hasMessageContaining("is outside the workspace");
  }

  @Test
  @DisplayName("tells missing folders and a file in the way apart, and creates the missing ones")
  void missingAndBlocked() throws Exception {
    try (ResolvedPath resolved = workspace.locate("src/new/deeper/B.java")) {
      assertThat(resolved.exists()).isFalse();
      assertThat(resolved.missingFolders()).containsExactly("new", "deeper");
      assertThat(resolved.name()).isEqualTo("B.java");
      assertThat(resolved.relative()).isEqualTo("src/new/deeper/B.java");
      try (DirHandle folder = resolved.createFolders()) {
        assertThat(folder.relative()).isEqualTo("src/new/deeper");
        folder.createFile("B.java", "class B {}".getBytes(StandardCharsets.UTF_8), 0644);
      }
    }
    assertThat(root.resolve("src/new/deeper/B.java")).hasContent("class B {}");

    try (ResolvedPath resolved = workspace.locate("src/main/A.java/inner/x")) {
      assertThat(resolved.exists()).isFalse();
      assertThat(resolved.blockedBy()).isEqualTo("src/main/A.java");
      assertThatThrownBy(resolved::createFolders).isInstanceOf(NotDirectoryException.class);
    }
  }

  @Test
  @DisplayName("keeps a backslash as part of a name")
  void backslash() throws Exception {
    try (ResolvedPath resolved = workspace.locate("src\\x.txt"); DirHandle folder = resolved.createFolders()) {
      assertThat(resolved.relative()).isEqualTo("src\\x.txt");
      folder.createFile(resolved.name(), new byte[] {'x'}, 0644);
    }
    assertThat(root.resolve("src\\x.txt")).hasContent("x");
    assertThat(root.resolve("src/x.txt")).doesNotExist();
  }

  @Test
  @DisplayName("refuses to read a FIFO without waiting for a writer, a Unix socket, and a folder")
  void notAFile() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();

    try (ResolvedPath resolved = workspace.locate("pipe")) {
      assertThatThrownBy(resolved::openFile).isInstanceOf(NotRegularFileException.class).hasMessage("pipe: Not a regular file");
    }
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
         ResolvedPath resolved = workspace.locate(bound(socket, "sock"))) {
      assertThatThrownBy(resolved::openFile).isInstanceOf(NotRegularFileException.class).hasMessage("sock: Not a regular file");
    }
    try (ResolvedPath resolved = workspace.locate("src")) {
      assertThatThrownBy(resolved::openFile).isInstanceOf(NotRegularFileException.class).hasMessageContaining("Is a directory");
    }
  }

  private String bound(ServerSocketChannel socket, String name) throws Exception {
    socket.bind(UnixDomainSocketAddress.of(root.resolve(name)));
    return name;
  }

  @Test
  @DisplayName("names a dangling symlink on the way, as the entry or as a folder, and no link that leads somewhere")
  void danglingLinks() throws Exception {
    Files.createSymbolicLink(root.resolve("dang"), Path.of("missing.txt"));
    Files.createSymbolicLink(root.resolve("src/up"), Path.of("../nowhere/deeper"));
    Files.createSymbolicLink(root.resolve("hop"), Path.of("dang"));
    Files.createSymbolicLink(root.resolve("alias"), Path.of("src/main"));

    assertThat(dangling("dang")).isEqualTo(new DanglingLink("dang", "missing.txt", true));
    assertThat(dangling("hop")).isEqualTo(new DanglingLink("hop", "missing.txt", true));
    assertThat(dangling("src/up")).isEqualTo(new DanglingLink("src/up", "nowhere/deeper", true));
    assertThat(dangling("src/up/x.txt")).isEqualTo(new DanglingLink("src/up", "nowhere/deeper", false));
    assertThat(dangling("alias/new.txt")).isNull();
    assertThat(dangling("alias/new/x.txt")).isNull();
    assertThat(dangling("missing/x.txt")).isNull();
  }

  private DanglingLink dangling(String path) throws Exception {
    try (ResolvedPath resolved = workspace.locate(path)) {
      assertThat(resolved.exists()).as(path).isFalse();
      return resolved.danglingLink();
    }
  }

  @Nested
  @DisplayName("writes atomically")
  class Writes {

    @Test
    @DisplayName("creates a file with the given permissions and never replaces one")
    void create() throws Exception {
      try (DirHandle folder = workspace.openRoot()) {
        folder.createFile("new.txt", "one".getBytes(StandardCharsets.UTF_8), 0640);
        assertThatThrownBy(() -> folder.createFile("new.txt", "two".getBytes(StandardCharsets.UTF_8), 0644))
          .isInstanceOf(FileAlreadyExistsException.class);
      }
      assertThat(root.resolve("new.txt")).hasContent("one");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("new.txt")))).isEqualTo("rw-r-----");
      assertThat(names()).containsExactlyInAnyOrder("new.txt", "src");
    }

    @Test
    @DisplayName("replaces a file, takes over a killed write's leftover, and leaves no temporary file")
    void replace() throws Exception {
      Files.writeString(root.resolve("f.txt"), "old");
      Files.writeString(root.resolve(".f.txt.tunacode.tmp"), "left by a killed write");
      try (DirHandle folder = workspace.openRoot()) {
        folder.replaceFile("f.txt", "new".getBytes(StandardCharsets.UTF_8), 0600);
      }
      assertThat(root.resolve("f.txt")).hasContent("new");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("f.txt")))).isEqualTo("rw-------");
      assertThat(names()).containsExactlyInAnyOrder("f.txt", "src");
    }

    @Test
    @DisplayName("replaces the link itself, never the file it points to")
    void replaceALink() throws Exception {
      Files.createSymbolicLink(root.resolve("link"), outside.resolve("secret.txt"));
      try (DirHandle folder = workspace.openRoot()) {
        folder.replaceFile("link", "mine".getBytes(StandardCharsets.UTF_8), 0644);
      }
      assertThat(outside.resolve("secret.txt")).hasContent("secret");
      assertThat(Files.isSymbolicLink(root.resolve("link"))).isFalse();
    }

    private List<String> names() throws Exception {
      try (Stream<Path> listed = Files.list(root)) {
        return listed.map(p -> p.getFileName().toString()).toList();
      }
    }
  }

  @ParameterizedTest(name = "openat2 {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("opens below a folder without following any link, with openat2 or one name at a time")
  void beneath(boolean openat2) throws Exception {
    Posix.useOpenat2(openat2);
    Files.createSymbolicLink(root.resolve("src/out"), outside);
    Files.createSymbolicLink(root.resolve("src/alias"), root.resolve("src/main"));

    try (DirHandle src = workspace.openRoot().openDirectoryBeneath("src")) {
      try (FileHandle file = src.openListedFileBeneath("main/A.java")) {
        assertThat(new String(file.readAll(0, 100), StandardCharsets.UTF_8)).isEqualTo("class A {}");
        assertThat(file.relative()).isEqualTo("src/main/A.java");
      }
      assertThatThrownBy(() -> src.openListedFileBeneath("out/secret.txt"))
        .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isIn(Errno.ELOOP, Errno.EXDEV, Errno.ENOTDIR));
      assertThatThrownBy(() -> src.openListedFileBeneath("alias/A.java"))
        .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isIn(Errno.ELOOP, Errno.EXDEV, Errno.ENOTDIR));
      assertThatThrownBy(() -> src.openDirectoryBeneath("out"))
        .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isIn(Errno.ELOOP, Errno.EXDEV, Errno.ENOTDIR));
    }
  }
}
