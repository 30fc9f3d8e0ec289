package dev.tunacode.tools.builtin.search;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Byte search, eight bytes at a time")
class ByteSearchTest {

  private static final byte[] ALPHABET = {'a', 'b', '\n', 'U', 'u', 0, (byte) 0x80, (byte) 0xFF, (byte) 0x7F, 1};

  @Test
  @DisplayName("finds, counts and finds backwards exactly as a byte-by-byte loop does, at every alignment and range")
  void agreesWithAPlainLoop() {
    Random random = new Random(7);
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(70)];
      // Runs of one byte make the borrows of the word trick cross byte boundaries.
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(4) == 0 && i > 0 ? bytes[i - 1] : ALPHABET[random.nextInt(ALPHABET.length)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int to = from + random.nextInt(bytes.length - from + 1);
      byte a = ALPHABET[random.nextInt(ALPHABET.length)];
      byte b = ALPHABET[random.nextInt(ALPHABET.length)];
      ByteBuffer buffer = direct(bytes);

      assertThat(ByteSearch.indexOf(buffer, from, to, a)).as("indexOf round %d", round).isEqualTo(plainIndexOf(bytes, from, to, a, a));
      assertThat(ByteSearch.indexOfEither(buffer, from, to, a, b)).as("indexOfEither round %d", round)
        .isEqualTo(plainIndexOf(bytes, from, to, a, b));
      assertThat(ByteSearch.count(buffer, from, to, a)).as("count round %d", round).isEqualTo(plainCount(bytes, from, to, a));
      assertThat(ByteSearch.lastIndexOf(buffer, to, a)).as("lastIndexOf round %d", round).isEqualTo(plainLastIndexOf(bytes, to, a));
    }
  }

  @Test
  @DisplayName("reports the first of several hits in one word, and -1 when there is none")
  void firstOfSeveral() {
    ByteBuffer bytes = direct("xxxuxuUuxxxxxxxxx".getBytes(StandardCharsets.US_ASCII));

    assertThat(ByteSearch.indexOf(bytes, 0, 17, (byte) 'u')).isEqualTo(3);
    assertThat(ByteSearch.indexOfEither(bytes, 4, 17, (byte) 'u', (byte) 'U')).isEqualTo(5);
    assertThat(ByteSearch.indexOf(bytes, 8, 17, (byte) 'u')).isEqualTo(-1);
    assertThat(ByteSearch.count(bytes, 0, 17, (byte) 'u')).isEqualTo(3);
  }

  // A direct buffer larger than the bytes, as the search's own buffers are, with noise past the end.
  private static ByteBuffer direct(byte[] bytes) {
    ByteBuffer buffer = ByteSearch.ordered(ByteBuffer.allocateDirect(bytes.length + 16));
    buffer.put(bytes);
    while (buffer.hasRemaining()) {
      buffer.put((byte) 'u');
    }
    return buffer;
  }

  private static int plainIndexOf(byte[] bytes, int from, int to, byte a, byte b) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == a || bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int plainCount(byte[] bytes, int from, int to, byte a) {
    int count = 0;
    for (int i = from; i < to; i++) {
      count += bytes[i] == a ? 1 : 0;
    }
    return count;
  }

  private static int plainLastIndexOf(byte[] bytes, int before, byte a) {
    for (int i = before - 1; i >= 0; i--) {
      if (bytes[i] == a) {
        return i;
      }
    }
    return -1;
  }
}
