package dev.tunacode.tools.builtin.search;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Grep's content text")
class GrepTextTest {

  private static final List<GrepMatch> MATCHES = List.of(
    GrepMatch.of("a.txt", 1, 1, "todo", 4, List.of(), List.of("next", "")),
    GrepMatch.of("dir/ünï.md", 9, 3, "a ⟨x⟩ 🐟 todo", 4, List.of("seven", "eight"), List.of("ten")),
    GrepMatch.of("b", 12_345, 7, "  x = todo;", 4, List.of(""), List.of()),
    GrepMatch.of("c", 999, 1, "todo ", 4, List.of(), List.of("  ")));

  @Test
  @DisplayName("writes a line's bytes that are not UTF-8 as the replacement character, as the JSON text has them")
  void invalidBytes() {
    byte[] bytes = {'x', (byte) 0xFF, 't', 'o', 'd', 'o'};
    GrepMatch match = new GrepMatch("bad", 1, 3, bytes, 0, bytes.length, 4, List.of(), List.of());
    StringBuilder block = new StringBuilder();
    GrepText.appendMatch(block, match);

    assertThat(match.text()).isEqualTo("x\uFFFDtodo");
    assertThat(block.toString()).isEqualTo("\n📁 bad:1\n▶    1│ x\uFFFD⟨todo⟩\n");
  }

  @Test
  @DisplayName("writes TunaCode's text and strips the end of it as String.stripTrailing does")
  void wholeText() {
    int[] ends = new int[MATCHES.size()];
    String text = GrepText.content("todo", "smart", 7, MATCHES.size(), List.of(GrepText.blocks(MATCHES, ends)));

    // "smart" is shown as the strategy TunaCode picked for so few files; a context line keeps its trailing space.
    assertThat(text).isEqualTo("Found 4 matches for pattern: todo\nStrategy: python | Candidates: 7 files | " + "=".repeat(60) + "\n"
      + "\n📁 a.txt:1\n▶    1│ ⟨todo⟩\n     2│ next\n     3│ \n"
      + "\n📁 dir/ünï.md:9\n     7│ seven\n     8│ eight\n▶    9│ a ⟨⟨x⟩ ⟩🐟 todo\n    10│ ten\n"
      + "\n📁 b:12345\n  12344│ \n▶ 12345│   x = ⟨todo⟩;\n"
      + "\n📁 c:999\n▶  999│ ⟨todo⟩ \n  1000│   ");
  }
}
