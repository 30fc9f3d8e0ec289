package dev.tunacode.core.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A real inotify watch on a real folder: each change is waited for, never assumed after a sleep. */
class TreeWatcherTest {

  private static final long PATIENCE_MS = 10_000;

  @TempDir
  Path temp;
  private Path root;
  private TreeGenerations tree;
  private TreeWatcher watcher;

  @BeforeEach
  void watch() throws Exception {
    root = Files.createDirectories(temp.resolve("ws")).toRealPath();
    Files.createDirectories(root.resolve("src/main"));
    Files.writeString(root.resolve("src/main/A.java"), "class A {}");
    Files.createDirectories(root.resolve("docs"));
    tree = new TreeGenerations(root, 100_000);
    watcher = new TreeWatcher(root, tree);
    await(watcher::trusted);
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  private boolean fresh(long asOf, String path) {
    watcher.catchUp();
    return tree.unchangedSince(asOf, List.of(root.resolve(path)));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + PATIENCE_MS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not seen within " + PATIENCE_MS + " ms");
      }
      Thread.sleep(2);
    }
  }

  @Test
  void anOutsideWriteMovesItsFolderAndNotItsSibling() throws Exception {
    assertThat(watcher.watchedFolders()).isEqualTo(4);
    long asOf = tree.now();
    Files.writeString(root.resolve("src/main/A.java"), "class A { int x; }");

    await(() -> !fresh(asOf, "src"));
    assertThat(fresh(asOf, "src/main/A.java")).isFalse();
    assertThat(fresh(asOf, "docs")).isTrue();
  }

  @Test
  void filesMadeInANewFolderAreSeenAndSoAreFoldersUnderIt() throws Exception {
    Files.createDirectories(root.resolve("new/deep"));
    await(() -> watcher.watchedFolders() == 6);
    long asOf = tree.now();

    Files.writeString(root.resolve("new/deep/x.txt"), "x");
    await(() -> !fresh(asOf, "new/deep"));
    assertThat(fresh(asOf, "docs")).isTrue();
  }

  @Test
  void aRenamedFolderIsWatchedUnderItsNewName() throws Exception {
    long before = tree.now();
    Files.move(root.resolve("src"), root.resolve("lib"));
    await(() -> !fresh(before, "lib"));
    long asOf = tree.now();

    Files.writeString(root.resolve("lib/main/B.java"), "class B {}");
    await(() -> !fresh(asOf, "lib/main"));
    assertThat(fresh(asOf, "docs")).isTrue();
  }

  @Test
  void itSurvivesItsRootDeletedAndMadeAgain() throws Exception {
    long asOf = tree.now();
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
    await(() -> !watcher.trusted());
    assertThat(fresh(asOf, "docs")).isFalse();

    Files.createDirectories(root.resolve("again"));
    await(watcher::trusted);
    long after = tree.now();
    Files.writeString(root.resolve("again/y.txt"), "y");
    await(() -> !fresh(after, "again"));
  }

  @Test
  void anOverflowDropsEverything() throws Exception {
    long asOf = tree.now();
    // Held, the watcher drains nothing; the JDK signals an overflow past 512 events on one key.
    synchronized (watcher.lock()) {
      for (int i = 0; i < 700; i++) {
        Files.writeString(root.resolve("docs/f" + i), "x");
      }
    }
    await(() -> !fresh(asOf, "src/main/A.java"));
    await(watcher::trusted);
    long after = tree.now();
    assertThat(fresh(after, "src/main")).isTrue();
  }
}
