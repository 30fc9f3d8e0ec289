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

  /**
   * Collects a text's distinct trigrams with a bitmap of every key, cleared after each text by the keys it
   * set, so that a thread indexing many files allocates nothing per file but the answer. Not thread-safe.
   */
  static final class Collector {

    private final long[] seen = new long[KEYS >>> 6];
    private int[] keys = new int[1024];
    private int size;

    int[] distinct(byte[] bytes, int length) {
      size = 0;
      if (length >= 3) {
        int key = (fold(bytes[0] & 0xFF) << 8) | fold(bytes[1] & 0xFF);
        for (int i = 2; i < length; i++) {
          key = ((key << 8) | fold(bytes[i] & 0xFF)) & (KEYS - 1);
          long bit = 1L << key;
          int word = key >>> 6;
          if ((seen[word] & bit) == 0) {
            seen[word] |= bit;
            if (size == keys.length) {
              keys = Arrays.copyOf(keys, size * 2);
            }
            keys[size++] = key;
          }
        }
      }
      for (int i = 0; i < size; i++) {
        seen[keys[i] >>> 6] = 0;
      }
      return Arrays.copyOf(keys, size);
    }
  }
}
