package dev.tunacode.core.cache;

import dev.tunacode.core.spi.BlockingIo;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Work that waits in one queue for a task on the shared pool, which takes everything queued when it runs:
 * items added together (the calls a batch starts in one turn of its event loop) cost one hand-off to the
 * pool, not one each. The task hands them to the work in chunks, so that the work can answer a chunk with
 * one hand-off back too. Thread-safe.
 */
final class PoolQueue<T> {

  private final Queue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final BlockingIo io;
  /** Enough for the answers to come back together, few enough that the first do not wait long. */
  private static final int CHUNK = 32;
  private final Consumer<List<T>> work;
  private final BiConsumer<T, Throwable> refused;

  /**
   * @param work    done for each chunk of items, in the order they came, on the pool; must not throw
   * @param refused told of each item left when the pool would not take the task (it is closing)
   */
  PoolQueue(BlockingIo io, Consumer<List<T>> work, BiConsumer<T, Throwable> refused) {
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
    List<T> chunk = new ArrayList<>(CHUNK);
    T next;
    while ((next = items.poll()) != null) {
      chunk.add(next);
      if (chunk.size() == CHUNK) {
        work.accept(chunk);
        chunk = new ArrayList<>(CHUNK);
      }
    }
    if (!chunk.isEmpty()) {
      work.accept(chunk);
    }
    return null;
  }
}
