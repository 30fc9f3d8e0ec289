package dev.tunacode.core.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real inotify watch on a real folder. A change made before a check is seen by that check with no
 * waiting: that is the watcher's promise. Only what the watcher's own thread does in its time (the
 * first walk, a walk after an overflow, finding a root made again) is waited for, by polling.
 */
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
    return tree.staleSince(asOf, List.of(root.resolve(path))) == null;
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
  @DisplayName("An outside write is seen by the next check at once, in its folder and above, and not in a sibling")
  void anOutsideWriteIsSeenAtOnce() throws Exception {
    assertThat(watcher.watchedFolders()).isEqualTo(4);
    for (int round = 0; round < 200; round++) {
      long asOf = tree.now();
      Files.writeString(root.resolve("src/main/A.java"), "class A { int x" + round + "; }");

      assertThat(fresh(asOf, "src")).as("round %d", round).isFalse();
      assertThat(fresh(asOf, "src/main/A.java")).isFalse();
      assertThat(fresh(asOf, "docs")).isTrue();
    }
  }

  @Test
  @DisplayName("It says it is quiet only while no event waits to be taken in")
  void quietOnlyWhenTakenIn() throws Exception {
    watcher.catchUp();
    assertThat(watcher.quiet()).isTrue();
    // Held here, the watcher's thread cannot take the event in; this thread holds the lock again in quiet().
    watcher.lock().lock();
    try {
      long asOf = tree.now();
      Files.writeString(root.resolve("docs/new.md"), "new");
      assertThat(watcher.quiet()).isFalse();
      assertThat(tree.now()).isEqualTo(asOf);
      watcher.catchUp();
      assertThat(watcher.quiet()).isTrue();
      assertThat(tree.now()).isGreaterThan(asOf);
    } finally {
      watcher.lock().unlock();
    }
  }

  @Test
  @DisplayName("A chmod and a touch that keeps the size are changes too")
  void attributesAreChanges() throws Exception {
    long asOf = tree.now();
    Path file = root.resolve("src/main/A.java");
    Files.setLastModifiedTime(file, Files.getLastModifiedTime(file));
    assertThat(fresh(asOf, "src/main/A.java")).isFalse();

    long later = tree.now();
    file.toFile().setExecutable(true);
    assertThat(fresh(later, "src/main")).isFalse();
  }

  @Test
  @DisplayName("Files made in a new folder at once are seen, and so are folders under it")
  void filesMadeInANewFolderAreSeen() throws Exception {
    long before = tree.now();
    Files.createDirectories(root.resolve("new/deep"));
    Files.writeString(root.resolve("new/deep/x.txt"), "x");
    assertThat(fresh(before, "new/deep/x.txt")).isFalse();
    assertThat(watcher.watchedFolders()).isEqualTo(6);

    long asOf = tree.now();
    Files.writeString(root.resolve("new/deep/y.txt"), "y");
    assertThat(fresh(asOf, "new/deep")).isFalse();
    assertThat(fresh(asOf, "docs")).isTrue();
  }

  @Test
  @DisplayName("A renamed folder is watched under its new name, and what it held is changed under both")
  void aRenamedFolderIsWatchedUnderItsNewName() throws Exception {
    long before = tree.now();
    Files.move(root.resolve("src"), root.resolve("lib"));
    assertThat(fresh(before, "lib/main/A.java")).isFalse();
    assertThat(fresh(before, "src/main/A.java")).isFalse();

    long asOf = tree.now();
    Files.writeString(root.resolve("lib/main/B.java"), "class B {}");
    assertThat(fresh(asOf, "lib/main")).isFalse();
    assertThat(fresh(asOf, "docs")).isTrue();
    assertThat(watcher.watchedFolders()).isEqualTo(4);
  }

  @Test
  @DisplayName("A folder moved out of the tree is no longer watched: changes there are not the workspace's")
  void aFolderMovedOutIsForgotten() throws Exception {
    Files.move(root.resolve("src"), temp.resolve("away"));
    watcher.catchUp();
    assertThat(watcher.watchedFolders()).isEqualTo(2);

    long asOf = tree.now();
    Files.writeString(temp.resolve("away/main/C.java"), "class C {}");
    assertThat(fresh(asOf, "src/main")).isTrue();
    assertThat(fresh(asOf, "docs")).isTrue();
  }

  @Test
  @DisplayName("A folder deleted and made again under the same name is watched again")
  void aFolderDeletedAndMadeAgain() throws Exception {
    deleteTree(root.resolve("src"));
    Files.createDirectories(root.resolve("src/main"));
    long asOf = tree.now();
    Files.writeString(root.resolve("src/main/D.java"), "class D {}");

    assertThat(fresh(asOf, "src/main")).isFalse();
    assertThat(fresh(asOf, "docs")).isTrue();
    assertThat(watcher.watchedFolders()).isEqualTo(4);
  }

  @Test
  @DisplayName("It survives its root deleted and made again, and trusts nothing while the root is gone")
  void itSurvivesItsRootDeletedAndMadeAgain() throws Exception {
    long asOf = tree.now();
    deleteTree(root);
    assertThat(fresh(asOf, "docs")).isFalse();
    await(() -> !watcher.trusted());

    Files.createDirectories(root.resolve("again"));
    await(watcher::trusted);
    long after = tree.now();
    Files.writeString(root.resolve("again/y.txt"), "y");
    assertThat(fresh(after, "again")).isFalse();
  }

  @Test
  @DisplayName("An overflow of the kernel's queue drops everything, forgets a folder moved away meanwhile, and the watch goes on")
  void anOverflowDropsEverything() throws Exception {
    long asOf = tree.now();
    // Files.readString reads one byte of a /proc/sys file, whose size says 0.
    int queued = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/fs/inotify/max_queued_events")).get(0).trim());
    // Held, nothing drains the queue; alternating files keeps the kernel from merging repeated events.
    watcher.lock().lock();
    try {
      try (FileChannel a = FileChannel.open(root.resolve("src/a"), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
           FileChannel b = FileChannel.open(root.resolve("src/b"), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        for (int i = 0; i <= queued; i++) {
          (i % 2 == 0 ? a : b).write(ByteBuffer.wrap(new byte[] {'x'}));
        }
      }
      // With the queue full, the kernel drops this move's events: only the walk after the overflow can tell.
      Files.move(root.resolve("docs"), temp.resolve("docs-away"));
    } finally {
      watcher.lock().unlock();
    }
    assertThat(fresh(asOf, "src/main/A.java")).isFalse();
    await(watcher::trusted);
    assertThat(watcher.watchedFolders()).as("root, src, src/main").isEqualTo(3);
    long after = tree.now();
    Files.writeString(temp.resolve("docs-away/elsewhere.md"), "not the workspace's");
    assertThat(fresh(after, "src/main")).isTrue();
    assertThat(fresh(after, ".")).as("a change in the folder moved away is not the workspace's").isTrue();
    Files.writeString(root.resolve("src/main/A.java"), "class A { }");
    assertThat(fresh(after, "src/main")).isFalse();
  }

  @Test
  @DisplayName("A tree of 2,000 folders and 15,000 files is watched whole, and a change deep in it is seen at once")
  void aLargeTreeIsWatchedWhole() throws Exception {
    watcher.close();
    for (int i = 0; i < 2_000; i++) {
      Path folder = Files.createDirectories(root.resolve("big/p" + i / 40 + "/f" + i));
      for (int j = 0; j < 7; j++) {
        Files.writeString(folder.resolve("F" + j + ".java"), "class F" + j + " {}");
      }
    }
    watcher = new TreeWatcher(root, tree);
    await(watcher::trusted);
    assertThat(watcher.watchedFolders()).isEqualTo(4 + 1 + 50 + 2_000);

    long asOf = tree.now();
    Files.writeString(root.resolve("big/p49/f1999/F6.java"), "class F6 { int changed; }");
    assertThat(fresh(asOf, "big/p49")).isFalse();
    assertThat(fresh(asOf, "big/p0")).isTrue();
  }

  private static void deleteTree(Path top) throws Exception {
    try (Stream<Path> files = Files.walk(top)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
