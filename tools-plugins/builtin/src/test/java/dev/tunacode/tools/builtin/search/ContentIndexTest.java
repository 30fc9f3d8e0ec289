package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.cache.FileStamp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.tunacode.tools.builtin.search.ContentIndex.Verdict.BINARY;
import static dev.tunacode.tools.builtin.search.ContentIndex.Verdict.NO_MATCH;
import static dev.tunacode.tools.builtin.search.ContentIndex.Verdict.SEARCH;
import static dev.tunacode.tools.builtin.search.ContentIndex.Verdict.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The content index: which files a grep must read")
class ContentIndexTest {

  private static final long SEED = Long.getLong("tunacode.index.seed", System.nanoTime());
  private static final long MODIFIED = 1_700_000_000_000_000_000L;
  /** What the random files and patterns are made of: the letters with Unicode case partners, their partners, bytes that are not UTF-8. */
  private static final String[] PIECES = {"a", "b", "c", "A", "B", "e", "i", "I", "k", "K", "s", "S", "x", "_", ".", " ", "\n", "\r\n",
    "\u0130", "\u0131", "\u212A", "\u017F", "\u00E9", "\u00C9", "\uFFFD", "(", "\\", "ab", "kes", "Ask", "ISK"};

  private final ContentIndex index = new ContentIndex(1 << 20, 3);

  private void put(String path, String content) {
    put(path, content.getBytes(StandardCharsets.UTF_8));
  }

  private void put(String path, byte[] content) {
    index.put(path, stamp(content.length), TrigramSignature.of(content, content.length), binary(content), true);
  }

  private ContentIndex.Verdict verdict(String pattern, boolean regex, boolean caseSensitive, String path, long size) {
    return index.lookup(TrigramQuery.of(pattern, regex, caseSensitive)).verdict(path, stamp(size));
  }

  private static FileStamp stamp(long size) {
    return new FileStamp(false, size, MODIFIED, MODIFIED, 1, 1);
  }

  @Test
  @DisplayName("written and read back, it answers as before; a length past what the file holds is refused before it is allocated")
  void savedAndRead() throws Exception {
    put("a.txt", "interface Deque");
    put("b.txt", "nothing here");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    index.writeTo(new DataOutputStream(bytes));
    ContentIndex read = new ContentIndex(1 << 20, 3);
    read.adopt(read.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), bytes.size()));
    assertThat(read.lookup(TrigramQuery.of("Deque", false, true)).verdict("b.txt", stamp(12))).isEqualTo(NO_MATCH);
    assertThat(read.lookup(TrigramQuery.of("Deque", false, true)).verdict("a.txt", stamp(15))).isEqualTo(SEARCH);

    ByteArrayOutputStream shard = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(shard);
    out.writeInt(1);
    out.writeUTF("a.txt");
    out.writeByte(0);
    out.writeBoolean(false);
    for (int i = 0; i < 5; i++) {
      out.writeLong(1);
    }
    out.writeInt(1 << 28);
    assertThatThrownBy(() -> IndexShard.readFrom(new DataInputStream(new ByteArrayInputStream(shard.toByteArray())), 1 << 20, shard.size()))
      .isInstanceOf(IOException.class).hasMessageContaining("a signature of 268435456 words");
  }

  @Test
  @DisplayName("a file without the literal's trigrams is passed over as searched; one with them, or unknown, is read")
  void narrowsToTheFilesThatCanMatch() {
    String a = "public interface Deque<E> extends Queue<E> {";
    String b = "class ArrayDeque";
    put("a.txt", a);
    put("b.txt", b);

    assertThat(verdict("interface Deque", false, true, "a.txt", a.length())).isEqualTo(SEARCH);
    assertThat(verdict("interface Deque", false, true, "b.txt", b.length())).isEqualTo(NO_MATCH);
    assertThat(verdict("ARRAYDEQUE", false, false, "b.txt", b.length())).isEqualTo(SEARCH);
    assertThat(verdict("ARRAYDEQUE", false, false, "a.txt", a.length())).isEqualTo(NO_MATCH);
    assertThat(verdict("Array\\w+", true, true, "a.txt", a.length())).isEqualTo(NO_MATCH);
    assertThat(verdict("never there", false, true, "c.txt", 3)).as("a file the index does not know").isEqualTo(UNKNOWN);
    assertThat(verdict("De", false, true, "b.txt", b.length())).as("too short to narrow").isEqualTo(SEARCH);
    assertThat(verdict("a|interface", true, true, "b.txt", b.length())).as("no literal every match holds").isEqualTo(SEARCH);
  }

  @Test
  @DisplayName("a file whose size or time differs from when it was indexed, or not settled then, is read")
  void aChangedOrUnsettledFileIsRead() {
    put("a.txt", "nothing here");
    assertThat(verdict("Deque", false, true, "a.txt", 12)).isEqualTo(NO_MATCH);
    assertThat(verdict("Deque", false, true, "a.txt", 13)).isEqualTo(UNKNOWN);
    assertThat(index.lookup(TrigramQuery.of("Deque", false, true)).verdict("a.txt", new FileStamp(false, 12, MODIFIED, MODIFIED + 1, 1, 1)))
      .as("changed time, as no program can set back").isEqualTo(UNKNOWN);
    assertThat(index.lookup(TrigramQuery.of("Deque", false, true)).verdict("a.txt", new FileStamp(false, 12, MODIFIED, MODIFIED, 1, 2)))
      .as("another file renamed over it").isEqualTo(UNKNOWN);

    byte[] nothing = "nothing here".getBytes(StandardCharsets.UTF_8);
    index.put("a.txt", stamp(12), TrigramSignature.of(nothing, nothing.length), false, false);
    assertThat(verdict("Deque", false, true, "a.txt", 12)).isEqualTo(SEARCH);
  }

  @Test
  @DisplayName("a file with a NUL in its first 8 KB is skipped as the scan skips it; one with a NUL after is text")
  void binaryAsTheScanSeesIt() {
    byte[] early = new byte[100];
    early[50] = 0;
    byte[] late = ("x".repeat(FileScan.SNIFF) + "\0 Deque").getBytes(StandardCharsets.UTF_8);
    put("early.bin", early);
    put("late.bin", late);

    assertThat(verdict("Deque", false, true, "early.bin", early.length)).isEqualTo(BINARY);
    assertThat(verdict("Deque", false, true, "late.bin", late.length)).isEqualTo(SEARCH);
    assertThat(verdict("Queue", false, true, "late.bin", late.length)).isEqualTo(NO_MATCH);
  }

  @Test
  @DisplayName("case-insensitive Unicode matching: i, k and s also match İ ı K ſ, so their trigrams do not narrow")
  void unicodeCaseLetters() {
    put("kelvin.txt", "5 \u212Aelvin and a lon\u017F s and \u0130stanbul");
    long size = "5 \u212Aelvin and a lon\u017F s and \u0130stanbul".getBytes(StandardCharsets.UTF_8).length;

    assertThat(verdict("kelvin", true, false, "kelvin.txt", size)).isEqualTo(SEARCH);
    assertThat(verdict("LONS", true, false, "kelvin.txt", size)).isEqualTo(SEARCH);
    assertThat(verdict("istanbul", true, false, "kelvin.txt", size)).isEqualTo(SEARCH);
    assertThat(verdict("\u00E9t\u00E9 kelvin", false, false, "kelvin.txt", size)).isEqualTo(SEARCH);
    assertThat(verdict("ampere", true, false, "kelvin.txt", size)).isEqualTo(NO_MATCH);
  }

  @Test
  @DisplayName("files indexed again and removed: answers follow what each holds now, an older lookup's too")
  void reindexingAndRemoving() {
    for (int round = 0; round < 40; round++) {
      for (int file = 0; file < 100; file++) {
        put("f" + file, "round " + round + (file % 2 == 0 ? " even" : " odd"));
      }
    }
    ContentIndex.Lookup before = index.lookup(TrigramQuery.of("even", false, true));
    for (int round = 0; round < 80; round++) {
      for (int file = 50; file < 100; file++) {
        put("f" + file, "round " + round + " odd");
      }
    }
    for (int file = 50; file < 100; file++) {
      index.remove("f" + file);
    }
    long size = "round 39 even".length();
    assertThat(before.verdict("f0", stamp(size))).as("indexed again since the lookup").isEqualTo(SEARCH);
    assertThat(before.verdict("f51", stamp(size - 1))).as("removed since the lookup").isEqualTo(UNKNOWN);
    assertThat(index.files()).isEqualTo(50);
    assertThat(verdict("even", false, true, "f0", size)).isEqualTo(SEARCH);
    assertThat(verdict("even", false, true, "f1", size - 1)).isEqualTo(NO_MATCH);
    assertThat(verdict("round 39", false, true, "f1", size - 1)).isEqualTo(SEARCH);
    assertThat(verdict("round 38", false, true, "f1", size - 1)).isEqualTo(NO_MATCH);
    assertThat(verdict("odd", false, true, "f51", size - 1)).as("removed").isEqualTo(UNKNOWN);

    ContentIndex.Lookup old = index.lookup(TrigramQuery.of("even", false, true));
    put("f1", "round 40 even");
    assertThat(old.verdict("f1", stamp(size))).as("indexed again after the lookup, with the word").isEqualTo(SEARCH);
    put("f3", "round 40 odd");
    assertThat(old.verdict("f3", stamp(size - 1))).as("indexed again after the lookup, without it").isEqualTo(NO_MATCH);
  }

  @Test
  @DisplayName("files a whole walk no longer finds are forgotten; the others keep their answers")
  void forgetsWhatAWalkNoLongerFinds() {
    for (int file = 0; file < 2_000; file++) {
      put("f" + file, file % 2 == 0 ? "even words" : "odd words");
    }
    index.retainOnly(java.util.Set.of("f0", "f1", "f3"));

    assertThat(index.files()).isEqualTo(3);
    assertThat(verdict("even", false, true, "f0", "even words".length())).isEqualTo(SEARCH);
    assertThat(verdict("even", false, true, "f3", "odd words".length())).isEqualTo(NO_MATCH);
    assertThat(verdict("even", false, true, "f2", "even words".length())).as("forgotten").isEqualTo(UNKNOWN);
  }

  @Test
  @DisplayName("a file indexed again and again takes the room of one")
  void reindexingOneFileStaysBounded() {
    put("one", "the same words every time");
    long once = index.bytes();
    for (int i = 0; i < 10_000; i++) {
      put("one", "the same words every time");
    }
    assertThat(index.bytes()).isEqualTo(once);
    assertThat(verdict("words", false, true, "one", "the same words every time".length())).isEqualTo(SEARCH);
    assertThat(verdict("other", false, true, "one", "the same words every time".length())).isEqualTo(NO_MATCH);
  }

  @Test
  @DisplayName("never passes over a file that grep's own finders match, for random texts and patterns of every kind")
  void neverPassesOverAMatch() {
    System.out.println("ContentIndexTest seed: " + SEED + " (set -Dtunacode.index.seed to repeat)");
    Random random = new Random(SEED);
    List<byte[]> files = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      byte[] content = randomText(random, random.nextInt(300));
      files.add(content);
      put("f" + i, content);
    }
    int narrowed = 0;
    int queries = 4_000;
    for (int q = 0; q < queries; q++) {
      String pattern = randomPattern(random, files);
      boolean regex = random.nextBoolean();
      boolean caseSensitive = random.nextBoolean();
      LineFinder finder;
      try {
        finder = GrepTool.finder(pattern, regex, caseSensitive, IgnoreRulesTest.NEVER, false);
      } catch (RuntimeException invalid) {
        continue;
      }
      ContentIndex.Lookup lookup = index.lookup(TrigramQuery.of(pattern, regex, caseSensitive));
      for (int i = 0; i < files.size(); i++) {
        byte[] content = files.get(i);
        ContentIndex.Verdict verdict = lookup.verdict("f" + i, stamp(content.length));
        if (binary(content)) {
          assertThat(verdict).isEqualTo(BINARY);
          continue;
        }
        if (verdict == NO_MATCH) {
          narrowed++;
          assertThat(matches(finder, content))
            .as("seed %d: /%s/ regex=%s caseSensitive=%s passed over f%d, which matches: %s", SEED, pattern, regex, caseSensitive, i,
              new String(content, StandardCharsets.UTF_8))
            .isFalse();
        }
      }
    }
    assertThat(narrowed).as("the index passed over files at all").isGreaterThan(queries * 10);
  }

  private static boolean matches(LineFinder finder, byte[] content) {
    boolean[] found = {false};
    finder.find(new Haystack(ByteSearch.ordered(ByteBuffer.wrap(content)), content.length), (lineStart, lineEnd, start, end) -> {
      found[0] = true;
      return false;
    });
    return found[0];
  }

  private static boolean binary(byte[] content) {
    for (int i = 0; i < Math.min(content.length, FileScan.SNIFF); i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static byte[] randomText(Random random, int pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < pieces; i++) {
      int kind = random.nextInt(100);
      if (kind == 0) {
        out.write(0xFF); // not UTF-8: decoded as U+FFFD by a regex
      } else if (kind == 1 && random.nextInt(30) == 0) {
        out.write(0);
      } else {
        out.writeBytes(PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  // Mostly a piece of a file, its case changed at random; sometimes made a regex; sometimes made up.
  private static String randomPattern(Random random, List<byte[]> files) {
    String text = new String(files.get(random.nextInt(files.size())), StandardCharsets.UTF_8);
    String pattern;
    if (random.nextInt(5) == 0 || text.length() < 2) {
      pattern = new String(randomText(random, 1 + random.nextInt(5)), StandardCharsets.UTF_8);
    } else {
      int from = random.nextInt(text.length() - 1);
      pattern = text.substring(from, Math.min(text.length(), from + 1 + random.nextInt(8)));
    }
    StringBuilder changed = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      changed.append(random.nextInt(4) == 0 ? (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
    }
    pattern = changed.toString();
    return switch (random.nextInt(6)) {
      case 0 -> pattern + ".?" + pattern;
      case 1 -> "(" + pattern + ")+";
      case 2 -> "\\w" + pattern;
      case 3 -> "[ab]" + pattern + "$";
      default -> pattern;
    };
  }
}
