package dev.tunacode.tools.builtin.search;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Arrays that the threads indexing a tree read files into, taken and given back, so that reading a tree
 * of 213 MB does not leave 213 MB of garbage: with the files' arrays thrown away, the young collections of
 * one build copied the signatures made so far three times over (40-100 ms a pause). Thread-safe.
 */
final class ReadBuffers {

  private static final int SMALLEST = 64 * 1024;
  private static final int KEPT = 8;

  private final int largestKept;
  private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
  private final AtomicInteger freeCount = new AtomicInteger();

  /** @param largestKept an array larger than this is used once and left to the collector */
  ReadBuffers(int largestKept) {
    this.largestKept = largestKept;
  }

  /** @return an array of at least {@code size} bytes, to {@link #give} back */
  byte[] take(int size) {
    byte[] buffer = free.poll();
    if (buffer != null) {
      freeCount.decrementAndGet();
      if (buffer.length >= size) {
        return buffer;
      }
    }
    return new byte[Math.max(size, SMALLEST)];
  }

  void give(byte[] buffer) {
    if (buffer.length <= largestKept && freeCount.incrementAndGet() <= KEPT) {
      free.add(buffer);
    } else if (buffer.length <= largestKept) {
      freeCount.decrementAndGet();
    }
  }
}
