package dev.tunacode.core.cache;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TreeGenerationsTest {

  private static final Path ROOT = Path.of("/ws");
  private final TreeGenerations tree = new TreeGenerations(ROOT, 1_000);

  private boolean fresh(long asOf, String... paths) {
    return tree.unchangedSince(asOf, List.of(paths).stream().map(ROOT::resolve).toList());
  }

  @Test
  void aChangeUnderAFolderMovesTheFolderAndItsParentsButNotItsSiblings() {
    long asOf = tree.now();
    tree.changed(ROOT.resolve("src/main/A.java"));

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
    tree.changed(ROOT.resolve("a.txt"));
    long asOf = tree.now();

    assertThat(fresh(asOf, "a.txt", "")).isTrue();
  }

  @Test
  void aFolderAboveThatIsRenamedOrDeletedMovesEverythingUnderIt() {
    long asOf = tree.now();
    tree.changed(ROOT.resolve("src"));

    assertThat(fresh(asOf, "src/main/A.java")).isFalse();
    assertThat(fresh(asOf, "src/main")).isFalse();
    assertThat(fresh(asOf, "docs/x.md")).isTrue();
  }

  @Test
  void everythingChangedMovesEveryPath() {
    tree.changed(ROOT.resolve("a"));
    long asOf = tree.now();
    tree.changedEverything();

    assertThat(fresh(asOf, "b")).isFalse();
    assertThat(fresh(tree.now(), "a", "b")).isTrue();
    assertThat(tree.rememberedPaths()).isZero();
  }

  @Test
  void aPathOutsideTheRootIsNeverFreshAndChangingOneChangesEverything() {
    long asOf = tree.now();
    assertThat(tree.unchangedSince(asOf, List.of(Path.of("/elsewhere/x")))).isFalse();
    assertThat(tree.unchangedSince(asOf, List.of(ROOT.resolve("../elsewhere")))).isFalse();

    tree.changed(Path.of("/elsewhere/x"));
    assertThat(fresh(asOf, "docs")).isFalse();
  }

  @Test
  void pastItsBoundItForgetsAndCountsEverythingAsChanged() {
    TreeGenerations small = new TreeGenerations(ROOT, 10);
    long asOf = small.now();
    for (int i = 0; i < 20; i++) {
      small.changed(ROOT.resolve("dir" + i + "/file"));
    }

    assertThat(small.rememberedPaths()).isLessThanOrEqualTo(11);
    assertThat(small.unchangedSince(asOf, List.of(ROOT.resolve("untouched")))).isFalse();
    long later = small.now();
    small.changed(ROOT.resolve("dir0/file"));
    assertThat(small.unchangedSince(later, List.of(ROOT.resolve("untouched")))).isTrue();
    assertThat(small.unchangedSince(later, List.of(ROOT.resolve("dir0")))).isFalse();
  }
}
