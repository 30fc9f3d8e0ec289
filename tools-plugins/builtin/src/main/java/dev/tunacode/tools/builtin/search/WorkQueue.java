package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.spi.BlockingIo;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Spreads items over the calling pool thread and a few more from the shared pool. Processing an item may
 * add items. The caller works too and never waits for a helper that has not taken an item, so a busy
 * pool slows a search down but cannot deadlock it.
 *
 * @param <T> the item type
 */
final class WorkQueue<T> {

  /** How long a helper waits for an item before it gives its pool thread back. */
  static final long HELPER_IDLE_NANOS = 10_000_000;

  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean stopped;

  void add(T item) {
    items.add(item);
  }

  /** Makes every worker stop taking items. */
  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }

  /**
   * Processes every item, on this thread and on up to {@code helpers} pool threads; returns when all are done.
   *
   * @param process called with each item and this queue (to add more)
   */
  void drain(BlockingIo io, int helpers, BiConsumer<T, WorkQueue<T>> process) {
    for (int i = 0; i < helpers; i++) {
      io.run(() -> {
        work(process, true);
        return null;
      });
    }
    work(process, false);
  }

  // A worker that finds the queue empty waits while another still works on an item, since that item
  // may add more (a folder's sub-folders): a helper that left at the first empty moment, while the root
  // folder was still being listed, left the whole walk to one thread. But a helper waits at most
  // HELPER_IDLE_NANOS: one item may take seconds (a huge file), and helpers that waited it out held pool
  // threads that other sessions' calls were queued behind. Only the caller waits to the end.
  private void work(BiConsumer<T, WorkQueue<T>> process, boolean helper) {
    long idleSince = 0;
    while (!stopped) {
      active.incrementAndGet();
      if (stopped) {
        active.decrementAndGet();
        break;
      }
      T item = items.poll();
      if (item != null) {
        try {
          process.accept(item, this);
        } finally {
          active.decrementAndGet();
        }
        idleSince = 0;
        continue;
      }
      if (active.decrementAndGet() == 0 && items.isEmpty()) {
        return;
      }
      if (helper) {
        long now = System.nanoTime();
        if (idleSince == 0) {
          idleSince = now;
        } else if (now - idleSince > HELPER_IDLE_NANOS) {
          return;
        }
      }
      LockSupport.parkNanos(50_000);
    }
    while (!helper && active.get() > 0) {
      LockSupport.parkNanos(50_000);
    }
  }
}
