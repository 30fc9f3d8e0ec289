package dev.tunacode.tools.builtin.search;

import java.nio.ByteBuffer;

/**
 * The UTF-8 bytes of a file's matching lines, kept in a few shared arrays rather than a String each: a
 * grep with a quarter of a million matches holds that many lines until it answers, and every object in
 * them is one more the collector copies.
 */
final class LineBytes {

  private static final int FIRST_CHUNK = 1024;
  private static final int LARGEST_CHUNK = 64 * 1024;

  private byte[] chunk = new byte[0];
  private int used;
  private int offset;

  /** Copies bytes [from, to) of {@code source} in; {@link #array()} and {@link #offset()} then say where they are. */
  void add(ByteBuffer source, int from, int to) {
    int size = to - from;
    if (used + size > chunk.length) {
      chunk = new byte[Math.max(size, Math.min(LARGEST_CHUNK, Math.max(FIRST_CHUNK, chunk.length * 2)))];
      used = 0;
    }
    source.get(from, chunk, used, size);
    offset = used;
    used += size;
  }

  /** @return the array holding the bytes last added */
  byte[] array() {
    return chunk;
  }

  /** @return where in {@link #array()} the bytes last added start */
  int offset() {
    return offset;
  }
}
