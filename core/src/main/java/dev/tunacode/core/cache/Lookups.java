package dev.tunacode.core.cache;

import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Footprint;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Looks results up on the pool, the calls of a batch together, and answers each on its caller's context,
 * where the tool must be called on a miss. Hand-offs, not lookups, are what a hit costs: a lookup is a few
 * microseconds, a thread's wake-up on each side of a hand-off a hundred and more.
 */
final class Lookups {

  /**
   * Hits found on transports' threads and not yet taken (their call was refused before it reached the
   * coordinator, say) hold their outputs: past this much, they are let go.
   */
  private static final long MAX_FOUND_BYTES = 16L << 20;

  /** A lookup's answer: what was found still true, or else what was true before the tool runs. */
  record Looked(ResultCache.Served hit, ResultCache.Ticket ticket) {
  }

  /**
   * A call's lookup.
   *
   * @param found true when it was found on a transport's thread ({@link #found}): perhaps for an earlier call
   *              of the same question, so it is served only if the watcher has nothing untaken either
   */
  record Pending(Future<Looked> looked, boolean found) {
  }

  private record Lookup(CacheKey key, Footprint footprint, Context context, Promise<Looked> looked) {
  }

  private final ResultCache cache;
  private final PoolQueue<Lookup> queue;
  private final Map<CacheKey, Looked> found = new ConcurrentHashMap<>();
  private final AtomicLong foundBytes = new AtomicLong();

  Lookups(ResultCache cache, BlockingIo io) {
    this.cache = cache;
    this.queue = new PoolQueue<>(io, this::answer, (lookup, failure) -> answerOn(lookup.context(),
      List.of(() -> lookup.looked().fail(failure))));
  }

  /**
   * The lookup of a call admitted now, to be served when its turn comes: a hit a transport found for it, or
   * a lookup started now on the pool if anything is held for it. Made after the call arrived and for it
   * alone, a lookup started here has seen every change finished before the call arrived. No I/O.
   *
   * @return its lookup, or null when nothing is held
   */
  Pending forCall(CacheKey key, Footprint footprint) {
    Looked early = found.remove(key);
    if (early != null) {
      foundBytes.addAndGet(-early.hit().weight());
      return new Pending(Future.succeededFuture(early), true);
    }
    return cache.holds(key) ? new Pending(now(key, footprint), false) : null;
  }

  /**
   * Whether a call's lookup may be served now, on its event loop, without another: it found a result,
   * nothing has been recorded since, and, for a hit found ahead (perhaps for an earlier call of the same
   * question), the watcher has nothing untaken either. Never blocks.
   */
  boolean stillTrue(Pending pending, Looked looked) {
    return looked.hit() != null && cache.quietSince(looked.hit().clock()) && (!pending.found() || cache.quiet());
  }

  /**
   * Looks a call that is on its way up at once, on the calling thread, and keeps a hit for the call's
   * admission to take ({@link #forCall}). Only while the watcher has nothing untaken: then the lookup is a
   * stat or two, and never waits on the watcher taking a burst of events in. A miss is not kept: the call
   * then looks up as it would have. Blocking: for a thread that may block, never an event loop.
   */
  void found(CacheKey key, Footprint footprint) {
    if (!cache.holds(key) || found.containsKey(key) || !cache.quiet()) {
      return;
    }
    ResultCache.Served hit = cache.hitCaughtUp(key, footprint);
    if (hit == null) {
      return;
    }
    if (foundBytes.get() + hit.weight() > MAX_FOUND_BYTES) {
      found.clear();
      foundBytes.set(0);
    }
    if (found.putIfAbsent(key, new Looked(hit, null)) == null) {
      foundBytes.addAndGet(hit.weight());
    }
  }

  /** @return a lookup of the key, answered on the caller's context */
  Future<Looked> now(CacheKey key, Footprint footprint) {
    Promise<Looked> looked = Promise.promise();
    queue.add(new Lookup(key, footprint, Vertx.currentContext(), looked));
    return looked.future();
  }

  // On the pool, a chunk of the lookups queued together: one hand-off back a context for the whole chunk.
  // Each of its calls had arrived before the chunk was taken, so the watcher's events taken in once are
  // every change finished before any of them arrived.
  private void answer(List<Lookup> chunk) {
    Map<Context, List<Runnable>> answers = new LinkedHashMap<>();
    try {
      cache.catchUp();
    } catch (RuntimeException | Error e) {
      chunk.forEach(lookup -> answers.computeIfAbsent(lookup.context(), context -> new ArrayList<>())
        .add(() -> lookup.looked().fail(e)));
      answers.forEach(Lookups::answerOn);
      return;
    }
    for (Lookup lookup : chunk) {
      Runnable complete;
      try {
        ResultCache.Served hit = cache.hitCaughtUp(lookup.key(), lookup.footprint());
        Looked answer = new Looked(hit, hit == null ? cache.ticket() : null);
        complete = () -> lookup.looked().complete(answer);
      } catch (RuntimeException | Error e) {
        complete = () -> lookup.looked().fail(e);
      }
      answers.computeIfAbsent(lookup.context(), context -> new ArrayList<>()).add(complete);
    }
    answers.forEach(Lookups::answerOn);
  }

  private static void answerOn(Context context, List<Runnable> completions) {
    if (context == null) {
      completions.forEach(Runnable::run);
    } else {
      context.runOnContext(v -> completions.forEach(Runnable::run));
    }
  }
}
