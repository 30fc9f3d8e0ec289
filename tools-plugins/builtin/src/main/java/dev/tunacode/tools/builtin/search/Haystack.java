package dev.tunacode.tools.builtin.search;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A window of a file's bytes being searched, in the buffer it was read into; offsets are bytes from the
 * window's start. Lines end at '\n'; a line's text leaves out a final '\r'.
 */
final class Haystack {

  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);
  /** A pool thread keeps scratch space for lines up to this long; a longer line gets its own. */
  private static final int KEPT_SCRATCH = 64 * 1024;

  private final ByteBuffer bytes;
  private final int length;

  /** @param bytes a little-endian buffer ({@link ByteSearch#ordered}) whose first {@code length} bytes are the window */
  Haystack(ByteBuffer bytes, int length) {
    this.bytes = bytes;
    this.length = length;
  }

  ByteBuffer bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  byte byteAt(int index) {
    return bytes.get(index);
  }

  int lineStart(int at) {
    return ByteSearch.lastIndexOf(bytes, at, (byte) '\n') + 1;
  }

  int lineEnd(int at) {
    int end = ByteSearch.indexOf(bytes, at, length, (byte) '\n');
    return end < 0 ? length : end;
  }

  /** @return the line ends in [from, to) */
  int lineEnds(int from, int to) {
    return ByteSearch.count(bytes, from, to, (byte) '\n');
  }

  /** @return the text in [from, to), without a final '\r' */
  String text(int from, int to) {
    return decode(from, textEnd(from, to));
  }

  /** @return {@code to}, or one less when the byte before it is a '\r' that ends a line's text */
  int textEnd(int from, int to) {
    return to > from && bytes.get(to - 1) == '\r' ? to - 1 : to;
  }

  /** @return the bytes in [from, to) decoded as UTF-8, as they are */
  String decode(int from, int to) {
    int size = to - from;
    byte[] scratch = SCRATCH.get();
    if (scratch.length < size) {
      scratch = new byte[Math.max(size, scratch.length * 2)];
      if (scratch.length <= KEPT_SCRATCH) {
        SCRATCH.set(scratch);
      }
    }
    bytes.get(from, scratch, 0, size);
    return new String(scratch, 0, size, StandardCharsets.UTF_8);
  }

  /** @return true when [from, to) holds only ASCII, so that a byte count is a character count */
  boolean isAscii(int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes.get(i) < 0) {
        return false;
      }
    }
    return true;
  }

  /** @return true when the bytes at {@code at} are {@code needle} */
  boolean startsWith(int at, byte[] needle) {
    if (at + needle.length > length) {
      return false;
    }
    for (int i = 0; i < needle.length; i++) {
      if (bytes.get(at + i) != needle[i]) {
        return false;
      }
    }
    return true;
  }
}
