package dev.tunacode.tools.builtin.exec;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and the last bytes of a stream and counts the rest, so that output of any size costs
 * bounded memory while the start and the end, which is what a truncated text shows, stay exact.
 */
final class BoundedCapture {

  private final byte[] head;
  private final byte[] tail;
  private int headLength;
  private long tailWritten;
  private long total;

  BoundedCapture(int headBytes, int tailBytes) {
    this.head = new byte[headBytes];
    this.tail = new byte[tailBytes];
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    total += length;
    int toHead = Math.min(length, head.length - headLength);
    System.arraycopy(bytes, offset, head, headLength, toHead);
    headLength += toHead;
    for (int i = offset + toHead; i < offset + length; i++) {
      tail[(int) (tailWritten++ % tail.length)] = bytes[i];
    }
  }

  /** @return every byte seen */
  synchronized long total() {
    return total;
  }

  /** @return true when bytes between the head and the tail were dropped */
  synchronized boolean overflowed() {
    return tailWritten > tail.length;
  }

  /** @return the head, decoded */
  synchronized String head() {
    return new String(head, 0, headLength, StandardCharsets.UTF_8);
  }

  /** @return the bytes kept after the head, decoded; all of them when nothing was dropped */
  synchronized String tail() {
    int kept = (int) Math.min(tailWritten, tail.length);
    byte[] ordered = new byte[kept];
    int start = (int) ((tailWritten - kept) % tail.length);
    for (int i = 0; i < kept; i++) {
      ordered[i] = tail[(start + i) % tail.length];
    }
    return new String(ordered, StandardCharsets.UTF_8);
  }
}
