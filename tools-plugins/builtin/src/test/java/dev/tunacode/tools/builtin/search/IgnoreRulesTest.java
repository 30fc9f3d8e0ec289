package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.Workspace;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Ignore rules")
class IgnoreRulesTest {

  static final Deadline NEVER = Deadline.in(java.util.concurrent.TimeUnit.DAYS.toMillis(1));

  @TempDir
  Path root;

  @Test
  @DisplayName("follow git: names at any depth, anchors, folders only, negation, ** and nested files")
  void gitSemantics() throws Exception {
    Files.writeString(root.resolve(".gitignore"), "# comment\n*.log\n!keep.log\n/only-top.txt\nout/\ndocs/**/*.tmp\n\\#hash\n");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/.ignore"), "local.txt\n!important.log\n");
    IgnoreRules top;
    IgnoreRules sub;
    try (DirHandle folder = new Workspace(root).openRoot(); DirHandle subFolder = folder.openDirectory("sub")) {
      top = IgnoreRules.none().child(folder, "", List.of(".gitignore"));
      sub = top.child(subFolder, "sub", List.of(".ignore"));
    }

    assertThat(top.ignored("a.log", false, NEVER)).isTrue();
    assertThat(top.ignored("deep/b.log", false, NEVER)).isTrue();
    assertThat(top.ignored("keep.log", false, NEVER)).isFalse();
    assertThat(top.ignored("only-top.txt", false, NEVER)).isTrue();
    assertThat(top.ignored("x/only-top.txt", false, NEVER)).isFalse();
    assertThat(top.ignored("out", true, NEVER)).isTrue();
    assertThat(top.ignored("out", false, NEVER)).isFalse();
    assertThat(top.ignored("docs/a/b/c.tmp", false, NEVER)).isTrue();
    assertThat(top.ignored("c.tmp", false, NEVER)).isFalse();
    assertThat(top.ignored("#hash", false, NEVER)).isTrue();
    assertThat(sub.ignored("sub/local.txt", false, NEVER)).isTrue();
    assertThat(sub.ignored("local.txt", false, NEVER)).isFalse();
    assertThat(sub.ignored("sub/important.log", false, NEVER)).isFalse();
    assertThat(sub.ignored("sub/other.log", false, NEVER)).isTrue();
  }

  @Test
  @DisplayName("leave out a pattern git cannot read and an ignore file that is a link, rather than failing the search")
  void badRules() throws Exception {
    Files.writeString(root.resolve(".gitignore"), "[z-a]\n*.log\n");
    Files.writeString(root.resolve("elsewhere"), "*.txt\n");
    Files.createSymbolicLink(root.resolve(".ignore"), root.resolve("elsewhere"));
    IgnoreRules rules;
    try (DirHandle folder = new Workspace(root).openRoot()) {
      rules = IgnoreRules.none().child(folder, "", List.of(".gitignore", ".ignore"));
    }

    assertThat(rules.ignored("a.log", false, NEVER)).isTrue();
    assertThat(rules.ignored("z", false, NEVER)).isFalse();
    assertThat(rules.ignored("a.txt", false, NEVER)).isFalse();
  }
}
