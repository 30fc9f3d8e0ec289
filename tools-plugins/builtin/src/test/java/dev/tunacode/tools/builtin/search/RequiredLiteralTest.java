package dev.tunacode.tools.builtin.search;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the literals a regex requires")
class RequiredLiteralTest {

  @Test
  @DisplayName("every literal run outside groups, classes and quantifiers, the longest first for the finder")
  void runs() {
    assertThat(RequiredLiteral.all("class \\w+Deque\\b")).containsExactly("class ", "Deque");
    assertThat(RequiredLiteral.of("class \\w+Deque\\b")).isEqualTo("class ");
    assertThat(RequiredLiteral.all("removeFirst\\w*\\(")).containsExactly("removeFirst");
    assertThat(RequiredLiteral.all("ab?c")).containsExactly("a", "c");
    assertThat(RequiredLiteral.all("ab+c")).containsExactly("ab", "c");
    assertThat(RequiredLiteral.all("x(yz)+w")).containsExactly("x", "w");
    assertThat(RequiredLiteral.all("a|b")).isEmpty();
    assertThat(RequiredLiteral.all("(?i)abc")).isEmpty();
  }

  @Test
  @DisplayName("takes nothing from escapes, classes or a repetition's bounds, which are not the text they stand for")
  void notLiterals() {
    assertThat(RequiredLiteral.all("ab{2,3}cd")).containsExactly("a", "cd");
    assertThat(RequiredLiteral.all("\\x41bc")).containsExactly("bc");
    assertThat(RequiredLiteral.all("\\x{41}bc")).containsExactly("bc");
    assertThat(RequiredLiteral.all("\\u0041bc")).containsExactly("bc");
    assertThat(RequiredLiteral.all("\\p{Lu}xyz")).containsExactly("xyz");
    assertThat(RequiredLiteral.all("\\pLxyz")).containsExactly("xyz");
    assertThat(RequiredLiteral.all("\\0101bc")).containsExactly("bc");
    assertThat(RequiredLiteral.all("\\cAbc")).containsExactly("bc");
    assertThat(RequiredLiteral.all("(a)\\1bc")).containsExactly("bc");
    assertThat(RequiredLiteral.all("\\Qa.b\\Ecd")).containsExactly("cd");
    assertThat(RequiredLiteral.all("[]x]yz")).containsExactly("yz");
    assertThat(RequiredLiteral.all("[^]x]yz")).containsExactly("yz");
    assertThat(RequiredLiteral.all("[a[bc]]yz")).containsExactly("yz");
  }

  @Test
  @DisplayName("each literal it gives is in every text the regex finds")
  void inEveryMatch() {
    List<String[]> cases = List.of(new String[] {"\\x41bc", "Abc"}, new String[] {"\\u0041bc", "Abc"},
      new String[] {"\\p{Lu}xyz", "Qxyz"}, new String[] {"ab{2,3}cd", "abbcd"}, new String[] {"\\0101bc", "Abc"},
      new String[] {"\\cAbc", "\u0001bc"}, new String[] {"(a)\\1bc", "aabc"}, new String[] {"\\Qa.b\\Ecd", "a.bcd"},
      new String[] {"class \\w+Deque\\b", "class ArrayDeque extends"});
    for (String[] c : cases) {
      assertThat(Pattern.compile(c[0]).matcher(c[1]).find()).as(c[0]).isTrue();
      assertThat(RequiredLiteral.all(c[0])).as(c[0]).allSatisfy(literal -> assertThat(c[1]).contains(literal));
    }
  }
}
