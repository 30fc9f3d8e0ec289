package dev.tunacode.core.cache;

import dev.tunacode.core.spi.BlockingIo;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Work that waits in one queue for a task on the shared pool, which takes everything queued when it runs:
 * items added together (the calls a batch starts in one turn of its event loop) cost one hand-off to the
 * pool, not one each. Thread-safe.
 */
final class PoolQueue<T> {

  private static final long LINGER_NANOS = Long.getLong("tunacode.linger", 100_000L);
  private final Queue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final BlockingIo io;
  private final Consumer<T> work;
  private final BiConsumer<T, Throwable> refused;

  /**
   * @param work    done for each item, on the pool; must not throw
   * @param refused told of each item left when the pool would not take the task (it is closing)
   */
  PoolQueue(BlockingIo io, Consumer<T> work, BiConsumer<T, Throwable> refused) {
    this.io = io;
    this.work = work;
    this.refused = refused;
  }

  void add(T item) {
    items.add(item);
    if (!scheduled.getAndSet(true)) {
      io.run(this::drain).onFailure(failure -> {
        scheduled.set(false);
        T left;
        while ((left = items.poll()) != null) {
          refused.accept(left, failure);
        }
      });
    }
  }

  private Void drain() {
    // Cleared first: an item added while this drains is taken by it, or by the next task it starts.
    scheduled.set(false);
    long lingerUntil = System.nanoTime() + LINGER_NANOS;
    while (true) {
      T next = items.poll();
      if (next != null) {
        work.accept(next);
        lingerUntil = System.nanoTime() + LINGER_NANOS;
      } else if (System.nanoTime() < lingerUntil) {
        Thread.onSpinWait();
      } else {
        return null;
      }
    }
  }
}
