package dev.tunacode.tools.builtin.search;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("glob matching")
class GlobMatcherTest {

  private static final long SEED = Long.getLong("tunacode.glob.seed", System.nanoTime());
  /** Letters whose case folds across scripts (the Kelvin sign, the long s, dotted and dotless i) among plain ones. */
  private static final String NAME_CHARS = "abkKsSiI.-_\u212A\u017F\u0130\u0131";
  private static final String PATTERN_CHARS = "abkKsSiI.-_***";

  @Test
  @DisplayName("a name pattern of literal parts and stars matches what the regex engine matches, case and all")
  void starsMatchAsTheRegexDoes() {
    Random random = new Random(SEED);
    Deadline never = Deadline.in(60_000);
    for (int round = 0; round < 20_000; round++) {
      // No "**": that is a pattern on the whole path.
      String pattern = text(random, PATTERN_CHARS, 1 + random.nextInt(6)).replaceAll("\\*+", "*");
      String name = text(random, NAME_CHARS, 1 + random.nextInt(8));
      String path = random.nextBoolean() ? name : "some/folder/" + name;
      Pattern regex = Pattern.compile(GlobSyntax.toRegex(pattern), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      assertThat(new GlobMatcher(pattern, never).test(path))
        .as("'%s' on '%s' (seed %d: -Dtunacode.glob.seed=%d)", pattern, path, SEED, SEED)
        .isEqualTo(regex.matcher(name).matches());
      assertThat(new GlobMatcher("**/" + pattern, never).test(path)).isEqualTo(regex.matcher(name).matches());
    }
  }

  @Test
  @DisplayName("the common shapes: a suffix, a part in the middle, a whole name, stars only")
  void commonShapes() {
    Deadline never = Deadline.in(60_000);
    assertThat(new GlobMatcher("**/*Deque*.java", never).test("java.base/java/util/ArrayDeque.java")).isTrue();
    assertThat(new GlobMatcher("**/*Deque*.java", never).test("java.base/java/util/Deque.java")).isTrue();
    assertThat(new GlobMatcher("**/*Deque*.java", never).test("java.base/Deque/util/Array.java")).isFalse();
    assertThat(new GlobMatcher("*deque*.JAVA", never).test("a/ArrayDeque.java")).isTrue();
    assertThat(new GlobMatcher("Makefile", never).test("a/b/makefile")).isTrue();
    assertThat(new GlobMatcher("Makefile", never).test("a/b/Makefile.in")).isFalse();
    assertThat(new GlobMatcher("a*a", never).test("a")).isFalse();
    assertThat(new GlobMatcher("a*a", never).test("aa")).isTrue();
    assertThat(new GlobMatcher("**", never).test("x/y")).isTrue();
  }

  private static String text(Random random, String alphabet, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
