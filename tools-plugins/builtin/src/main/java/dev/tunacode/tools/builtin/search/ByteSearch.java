package dev.tunacode.tools.builtin.search;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Byte searches over a buffer in place, eight bytes at a time (SWAR). Files are searched where they were
 * read, in a direct buffer: a String or a heap array made from them would be one more copy of every
 * byte searched, and the String 238 MB of garbage per search of the JDK's sources.
 */
final class ByteSearch {

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

  private ByteSearch() {
  }

  /** @return a buffer whose words these searches can read: little-endian */
  static ByteBuffer ordered(ByteBuffer buffer) {
    return buffer.order(ByteOrder.LITTLE_ENDIAN);
  }

  /** @return the first index in [from, to) holding {@code b}, or -1 */
  static int indexOf(ByteBuffer bytes, int from, int to, byte b) {
    long pattern = (b & 0xFFL) * ONES;
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long zeros = zeroBytes(bytes.getLong(i) ^ pattern);
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes.get(i) == b) {
        return i;
      }
    }
    return -1;
  }

  /** @return the first index in [from, to) holding {@code a} or {@code b}, or -1 */
  static int indexOfEither(ByteBuffer bytes, int from, int to, byte a, byte b) {
    long patternA = (a & 0xFFL) * ONES;
    long patternB = (b & 0xFFL) * ONES;
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      long word = bytes.getLong(i);
      long zeros = zeroBytes(word ^ patternA) | zeroBytes(word ^ patternB);
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      byte here = bytes.get(i);
      if (here == a || here == b) {
        return i;
      }
    }
    return -1;
  }

  /** @return the last index before {@code before} holding {@code b}, or -1 */
  static int lastIndexOf(ByteBuffer bytes, int before, byte b) {
    for (int i = before - 1; i >= 0; i--) {
      if (bytes.get(i) == b) {
        return i;
      }
    }
    return -1;
  }

  /** @return how many bytes in [from, to) are {@code b} */
  static int count(ByteBuffer bytes, int from, int to, byte b) {
    long pattern = (b & 0xFFL) * ONES;
    int count = 0;
    int i = from;
    for (; i <= to - Long.BYTES; i += Long.BYTES) {
      count += Long.bitCount(exactZeroBytes(bytes.getLong(i) ^ pattern));
    }
    for (; i < to; i++) {
      if (bytes.get(i) == b) {
        count++;
      }
    }
    return count;
  }

  // The high bit of each zero byte, and perhaps of bytes above the first zero byte too (a borrow runs
  // upwards); the lowest bit set is always a zero byte, so it finds the first one.
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGHS;
  }

  // The high bit of exactly the zero bytes, to count them.
  private static long exactZeroBytes(long word) {
    return ~(((word & LOWS) + LOWS) | word | LOWS);
  }
}
