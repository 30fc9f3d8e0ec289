package dev.tunacode.tools.builtin.search;

import java.util.Arrays;
import java.util.List;

/**
 * The trigrams of a text as the content index keys them: three consecutive bytes in an int, ASCII letters
 * lowered. Folding makes one index serve case-sensitive and case-insensitive queries alike: a query's
 * folded trigrams are a necessary condition for both, and the scan that follows decides.
 */
final class Trigrams {

  /** How many trigram keys there can be: three bytes. */
  static final int KEYS = 1 << 24;

  private Trigrams() {
  }

  static int fold(int unsignedByte) {
    return unsignedByte >= 'A' && unsignedByte <= 'Z' ? unsignedByte | 0x20 : unsignedByte;
  }

  /** @return each distinct folded trigram of {@code bytes}, ascending: for a pattern's few bytes, not a file's */
  static int[] of(byte[] bytes) {
    return of(List.of(bytes));
  }

  /** @return each distinct folded trigram of the texts, none spanning two of them, ascending */
  static int[] of(List<byte[]> texts) {
    int count = 0;
    for (byte[] text : texts) {
      count += Math.max(0, text.length - 2);
    }
    int[] keys = new int[count];
    int k = 0;
    for (byte[] text : texts) {
      for (int i = 2; i < text.length; i++) {
        keys[k++] = fold(text[i - 2] & 0xFF) << 16 | fold(text[i - 1] & 0xFF) << 8 | fold(text[i] & 0xFF);
      }
    }
    return Arrays.stream(keys).sorted().distinct().toArray();
  }
}
