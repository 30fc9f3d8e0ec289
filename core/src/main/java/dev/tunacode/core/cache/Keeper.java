package dev.tunacode.core.cache;

import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Footprint;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps outputs in the cache, on the pool, once the reads in flight have ended: keeping one costs a stat and
 * a walk of the output, which would slow the batch it comes from. Past {@link #MAX_WAITING} waiting, they
 * are kept all the same, so a read that never ends holds back few.
 */
final class Keeper {

  private static final Logger LOG = LoggerFactory.getLogger(Keeper.class);
  private static final int MAX_WAITING = 256;

  private record Output(CacheKey key, Footprint footprint, ResultCache.Ticket ticket, JsonObject output) {
  }

  private final ResultCache cache;
  private final PoolQueue<Output> queue;
  private final AtomicInteger computing = new AtomicInteger();
  private final Queue<Output> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waitingCount = new AtomicInteger();

  Keeper(ResultCache cache, BlockingIo io) {
    this.cache = cache;
    this.queue = new PoolQueue<>(io, chunk -> chunk.forEach(this::keep),
      (output, failure) -> LOG.debug("a result of {} was not kept", output.key().tool(), failure));
  }

  /** A read whose output may be kept has started. */
  void started() {
    computing.incrementAndGet();
  }

  /**
   * A read that {@link #started} has ended.
   *
   * @param output a copy of its output's top level to keep, or null when it may not be kept
   */
  void ended(CacheKey key, Footprint footprint, ResultCache.Ticket ticket, JsonObject output) {
    if (output != null) {
      waiting.add(new Output(key, footprint, ticket, output));
    }
    if (computing.decrementAndGet() == 0 || waitingCount.incrementAndGet() >= MAX_WAITING) {
      waitingCount.set(0);
      Output next;
      while ((next = waiting.poll()) != null) {
        queue.add(next);
      }
    }
  }

  private void keep(Output output) {
    try {
      cache.store(output.key(), output.footprint(), output.ticket(), output.output());
    } catch (RuntimeException | Error e) {
      LOG.debug("keeping a result of {} failed", output.key().tool(), e);
    }
  }
}
