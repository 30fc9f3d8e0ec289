package dev.tunacode.core.workspace;

import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.testing.SwapLoop;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The workspace, while a folder is swapped for a link to the outside in a loop")
class SwapRaceTest {

  static final int ROUNDS = 2_000;

  @TempDir
  Path base;

  @Test
  @DisplayName("reads, lists, creates and replaces only inside, and refuses or fails the rest")
  void swapLoop() throws Exception {
    Path root = Files.createDirectory(base.resolve("ws")).toRealPath();
    Path outside = Files.createDirectory(base.resolve("outside")).toRealPath();
    Files.writeString(outside.resolve("secret.txt"), "OUTSIDE");
    Files.createDirectory(root.resolve("d"));
    Files.writeString(root.resolve("d/secret.txt"), "inside");
    Workspace workspace = new Workspace(root);
    List<String> seen = new ArrayList<>();
    int refused = 0;
    int swaps;
    try (SwapLoop loop = SwapLoop.start(root.resolve("d"), outside)) {
      for (int i = 0; i < ROUNDS; i++) {
        try {
          seen.add(round(workspace, i));
        } catch (IOException | ToolException refusedOrChanged) {
          refused++;
        }
      }
      swaps = loop.swaps();
    }

    assertThat(swaps).as("the swap loop ran").isPositive();
    assertThat(refused).as("some calls met the link").isPositive();
    assertThat(seen).as("some calls met the folder").isNotEmpty().doesNotContain("OUTSIDE");
    try (Stream<Path> files = Files.walk(outside)) {
      assertThat(files.map(outside::relativize).map(Path::toString)).containsExactlyInAnyOrder("", "secret.txt");
    }
    assertThat(outside.resolve("secret.txt")).hasContent("OUTSIDE");
  }

  private static String round(Workspace workspace, int i) throws IOException {
    switch (i % 4) {
      case 0 -> {
        try (ResolvedPath resolved = workspace.locate("d/secret.txt"); FileHandle file = resolved.openFile()) {
          return new String(file.readAll(0, 100), StandardCharsets.UTF_8);
        }
      }
      case 1 -> {
        try (ResolvedPath resolved = workspace.locate("d"); DirHandle folder = resolved.openDirectory();
             var listing = folder.list()) {
          List<String> names = new ArrayList<>();
          listing.forEach(p -> names.add(p.getFileName().toString()));
          return names.contains("secret.txt") && names.size() >= 1 ? "listed" : "OUTSIDE";
        }
      }
      case 2 -> {
        try (ResolvedPath resolved = workspace.locate("d/new/n" + i + ".txt"); DirHandle folder = resolved.createFolders()) {
          folder.createFile(resolved.name(), "n".getBytes(StandardCharsets.UTF_8), 0644);
          return "created";
        }
      }
      default -> {
        try (ResolvedPath resolved = workspace.locate("d/secret.txt"); DirHandle folder = resolved.createFolders()) {
          folder.replaceFile(resolved.name(), "inside".getBytes(StandardCharsets.UTF_8), 0644);
          return "replaced";
        }
      }
    }
  }
}
