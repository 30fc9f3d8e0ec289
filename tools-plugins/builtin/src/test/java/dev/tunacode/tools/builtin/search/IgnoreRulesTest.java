package dev.tunacode.tools.builtin.search;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Ignore rules")
class IgnoreRulesTest {

  @TempDir
  Path root;

  @Test
  @DisplayName("follow git: names at any depth, anchors, folders only, negation, ** and nested files")
  void gitSemantics() throws Exception {
    Files.writeString(root.resolve(".gitignore"), "# comment\n*.log\n!keep.log\n/only-top.txt\nout/\ndocs/**/*.tmp\n\\#hash\n");
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("sub/.ignore"), "local.txt\n!important.log\n");
    IgnoreRules top = IgnoreRules.none().child(root, "", List.of(".gitignore"));
    IgnoreRules sub = top.child(root.resolve("sub"), "sub", List.of(".ignore"));

    assertThat(top.ignored("a.log", false)).isTrue();
    assertThat(top.ignored("deep/b.log", false)).isTrue();
    assertThat(top.ignored("keep.log", false)).isFalse();
    assertThat(top.ignored("only-top.txt", false)).isTrue();
    assertThat(top.ignored("x/only-top.txt", false)).isFalse();
    assertThat(top.ignored("out", true)).isTrue();
    assertThat(top.ignored("out", false)).isFalse();
    assertThat(top.ignored("docs/a/b/c.tmp", false)).isTrue();
    assertThat(top.ignored("c.tmp", false)).isFalse();
    assertThat(top.ignored("#hash", false)).isTrue();
    assertThat(sub.ignored("sub/local.txt", false)).isTrue();
    assertThat(sub.ignored("local.txt", false)).isFalse();
    assertThat(sub.ignored("sub/important.log", false)).isFalse();
    assertThat(sub.ignored("sub/other.log", false)).isTrue();
  }
}
