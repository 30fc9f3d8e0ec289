package dev.tunacode.core.cache;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TreeGenerationsTest {

  private static final Path ROOT = Path.of("/ws");
  private final TreeGenerations tree = new TreeGenerations(ROOT, 1_000);

  private boolean fresh(long asOf, String... paths) {
    return tree.staleSince(asOf, List.of(paths).stream().map(ROOT::resolve).toList()) == null;
  }

  @Test
  void aChangeUnderAFolderMovesTheFolderAndItsParentsButNotItsSiblings() {
    long asOf = tree.now();
    tree.changed(ROOT.resolve("src/main/A.java"), Cause.OUTSIDE);

    assertThat(fresh(asOf, "src")).isFalse();
    assertThat(fresh(asOf, "src/main")).isFalse();
    assertThat(fresh(asOf, "src/main/A.java")).isFalse();
    assertThat(fresh(asOf, "")).isFalse();
    assertThat(fresh(asOf, "src/main/B.java")).isTrue();
    assertThat(fresh(asOf, "src/test")).isTrue();
    assertThat(fresh(asOf, "docs")).isTrue();
  }

  @Test
  void aResultComputedAfterAChangeIsFresh() {
    tree.changed(ROOT.resolve("a.txt"), Cause.OUTSIDE);
    long asOf = tree.now();

    assertThat(fresh(asOf, "a.txt", "")).isTrue();
  }

  @Test
  void aFolderAboveThatIsRenamedOrDeletedMovesEverythingUnderIt() {
    long asOf = tree.now();
    tree.changed(ROOT.resolve("src"), Cause.OUTSIDE);

    assertThat(fresh(asOf, "src/main/A.java")).isFalse();
    assertThat(fresh(asOf, "src/main")).isFalse();
    assertThat(fresh(asOf, "docs/x.md")).isTrue();
  }

  @Test
  void everythingChangedMovesEveryPath() {
    tree.changed(ROOT.resolve("a"), Cause.OUTSIDE);
    long asOf = tree.now();
    tree.changedEverything(Cause.LOST);

    assertThat(fresh(asOf, "b")).isFalse();
    assertThat(tree.changeSince(asOf, ROOT.resolve("b"))).isEqualTo(TreeChanges.Change.UNKNOWN);
    assertThat(fresh(tree.now(), "a", "b")).isTrue();
    assertThat(tree.rememberedPaths()).isZero();
  }

  @Test
  void aCommandMovesEveryPathForResultsButKeepsWhatChangedPathByPath() {
    long asOf = tree.now();
    tree.changedEverything(Cause.COMMAND);
    tree.changed(ROOT.resolve("src/A.java"), Cause.OUTSIDE);
    tree.changedEverything(Cause.COMMAND);

    assertThat(tree.staleSince(asOf, List.of(ROOT.resolve("docs")))).isEqualTo(Cause.COMMAND);
    assertThat(tree.changeSince(asOf, ROOT.resolve("docs"))).isEqualTo(TreeChanges.Change.NONE);
    assertThat(tree.changeSince(asOf, ROOT.resolve("src"))).isEqualTo(TreeChanges.Change.BELOW);
    assertThat(tree.changeSince(asOf, ROOT.resolve("src/A.java"))).isEqualTo(TreeChanges.Change.ITSELF);
    long after = tree.now();
    assertThat(tree.staleSince(after, List.of(ROOT.resolve("docs")))).isNull();
    assertThat(fresh(after, "docs", "src")).isTrue();
  }

  @Test
  void aPathOutsideTheRootIsNeverFreshAndChangingOneChangesEverything() {
    long asOf = tree.now();
    assertThat(tree.staleSince(asOf, List.of(Path.of("/elsewhere/x")))).isNotNull();
    assertThat(tree.staleSince(asOf, List.of(ROOT.resolve("../elsewhere")))).isNotNull();

    tree.changed(Path.of("/elsewhere/x"), Cause.OUTSIDE);
    assertThat(fresh(asOf, "docs")).isFalse();
  }

  @Test
  void pastItsBoundItForgetsAndCountsEverythingAsChanged() {
    TreeGenerations small = new TreeGenerations(ROOT, 10);
    long asOf = small.now();
    for (int i = 0; i < 20; i++) {
      small.changed(ROOT.resolve("dir" + i + "/file"), Cause.OUTSIDE);
    }

    assertThat(small.rememberedPaths()).isLessThanOrEqualTo(11);
    assertThat(small.staleSince(asOf, List.of(ROOT.resolve("untouched")))).isNotNull();
    long later = small.now();
    small.changed(ROOT.resolve("dir0/file"), Cause.OUTSIDE);
    assertThat(small.staleSince(later, List.of(ROOT.resolve("untouched")))).isNull();
    assertThat(small.staleSince(later, List.of(ROOT.resolve("dir0")))).isNotNull();
  }

  @Test
  void aStaleResultSaysWhyAHostWriteBeforeItsEchoFromTheWatcher() {
    long asOf = tree.now();
    tree.changed(ROOT.resolve("src/A.java"), Cause.WRITE);
    tree.changed(ROOT.resolve("src/A.java"), Cause.OUTSIDE);
    tree.changed(ROOT.resolve("docs/b.md"), Cause.OUTSIDE);

    assertThat(tree.staleSince(asOf, List.of(ROOT.resolve("src")))).isEqualTo(Cause.WRITE);
    assertThat(tree.staleSince(asOf, List.of(ROOT.resolve("docs/b.md")))).isEqualTo(Cause.OUTSIDE);
    assertThat(tree.staleSince(asOf, List.of(ROOT.resolve("src/B.java")))).isNull();

    tree.changed(ROOT.resolve("docs"), Cause.OUTSIDE);
    assertThat(tree.staleSince(asOf, List.of(ROOT.resolve("docs/c/d.md")))).isEqualTo(Cause.OUTSIDE);
    tree.changedEverything(Cause.COMMAND);
    assertThat(tree.staleSince(asOf, List.of(ROOT.resolve("src/B.java")))).isEqualTo(Cause.COMMAND);
  }
}
