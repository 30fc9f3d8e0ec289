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

/**
 * Looks results up on the pool, the calls of a batch together, and answers each on its caller's context,
 * where the tool must be called on a miss. Hand-offs, not lookups, are what a hit costs: a lookup is a few
 * microseconds, a thread's wake-up on each side of a hand-off a hundred and more.
 */
final class Lookups {

  /** Looked up ahead and not yet asked for (a call cancelled before it ran): past this many, they are let go. */
  private static final int MAX_AHEAD = 4_096;

  /** A lookup's answer: what was found still true, or else what was true before the tool runs. */
  record Looked(ResultCache.Served hit, ResultCache.Ticket ticket) {
  }

  private record Lookup(CacheKey key, Footprint footprint, Context context, Promise<Looked> looked) {
  }

  private final ResultCache cache;
  private final PoolQueue<Lookup> queue;
  private final Map<CacheKey, Future<Looked>> ahead = new ConcurrentHashMap<>();

  Lookups(ResultCache cache, BlockingIo io) {
    this.cache = cache;
    this.queue = new PoolQueue<>(io, this::answer, (lookup, failure) -> answerOn(lookup.context(),
      List.of(() -> lookup.looked().fail(failure))));
  }

  /** Starts looking up a call that will run soon, if anything is held for it. No I/O. */
  void ahead(CacheKey key, Footprint footprint) {
    if (!cache.holds(key)) {
      return;
    }
    if (ahead.size() >= MAX_AHEAD) {
      ahead.clear();
    }
    ahead.computeIfAbsent(key, any -> now(key, footprint));
  }

  /**
   * Looks a call up at once, on the calling thread, and keeps what it finds for the call to take when its
   * turn comes, as {@link #ahead} would. Blocking: for a thread that may block, never an event loop. A miss
   * is not kept: the call then looks up as it would have.
   */
  void found(CacheKey key, Footprint footprint) {
    if (!cache.holds(key) || ahead.containsKey(key)) {
      return;
    }
    ResultCache.Served hit = cache.hit(key, footprint);
    if (hit == null) {
      return;
    }
    if (ahead.size() >= MAX_AHEAD) {
      ahead.clear();
    }
    ahead.putIfAbsent(key, Future.succeededFuture(new Looked(hit, null)));
  }

  /** @return the lookup {@link #ahead} started for the key, taken, or null */
  Future<Looked> takeAhead(CacheKey key) {
    return ahead.remove(key);
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
