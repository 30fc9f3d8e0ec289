package dev.tunacode.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tunacode.core.coordinator.CallRunner;
import dev.tunacode.core.coordinator.RunOutput;
import dev.tunacode.core.registry.PluginCalls;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts a workspace's {@link ResultCache} in front of the runner of its tools. Every call reaches it when
 * its scheduler lets it start, so a hit keeps the order a run of the tool would have: a read waits for
 * the earlier write of its session before it is served, as before it ran.
 * <p>
 * Writes record their paths, and commands their start and end, as their tool's future completes and
 * before their result goes anywhere. A read-only call of a tool that may be cached is looked up on the
 * pool only when something is held for it; otherwise its tool runs at once and the output is kept, if it
 * may be, on the pool afterwards, while its result is already on its way.
 * <p>
 * Hand-offs to the pool, not lookups, are what a hit costs (a thread's wake-up on each side). So the calls
 * a batch brings are looked up together when it is admitted ({@link #expect}), in one task on the pool,
 * and each is served when its turn comes on its event loop, without another hand-off, if nothing at all
 * has changed in the workspace since ({@link ResultCache#quietSince}); otherwise it is looked up again.
 */
public final class CachingCallRunner implements CallRunner {

  private static final Logger LOG = LoggerFactory.getLogger(CachingCallRunner.class);
  /** Looked up ahead and not yet asked for (a call cancelled before it ran): past this many, they are let go. */
  private static final int MAX_AHEAD = 4_096;
  /** Outputs waiting to be kept while reads run: past this many, they are kept all the same. */
  private static final int MAX_WAITING_STORES = 256;

  private record Store(CacheKey key, Footprint footprint, ResultCache.Ticket ticket, JsonObject output) {
  }

  /** A lookup's answer: what was found still true, or else what was true before the tool runs. */
  private record Looked(ResultCache.Served hit, ResultCache.Ticket ticket) {
  }

  private record Lookup(CacheKey key, Footprint footprint, Context context, Promise<Looked> looked) {

    void answer(Runnable complete) {
      if (context == null) {
        complete.run();
      } else {
        context.runOnContext(v -> complete.run());
      }
    }
  }

  /** A call's key and footprint, or null when the cache has nothing to do with it. */
  private record Cacheable(CacheKey key, Footprint footprint) {
  }

  private final CallRunner tools;
  private final ResultCache cache;
  private final CacheListener listener;
  /** Lookups and stores each wait for one task on the pool that takes them all: a batch's calls share a hand-off. */
  private final PoolQueue<Lookup> lookups;
  private final PoolQueue<Store> stores;
  private final Map<CacheKey, Future<Looked>> ahead = new ConcurrentHashMap<>();
  /** Reads that may be kept, running now. */
  private final AtomicInteger computing = new AtomicInteger();
  /** Outputs to keep once no read is running, or once there are many. */
  private final Queue<Store> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waitingCount = new AtomicInteger();
  /** Each tool version's argument defaults, worked out once: a key is made for every call. Held weakly, by version. */
  private final Cache<PluginCalls, Map<String, SortedMap<String, Object>>> defaults = Caffeine.newBuilder().weakKeys()
    .executor(Runnable::run).build();

  /**
   * @param tools what runs a call the cache cannot answer
   * @param io    the shared pool, where lookups and stores stat the disk
   */
  public CachingCallRunner(CallRunner tools, ResultCache cache, BlockingIo io, CacheListener listener) {
    this.tools = tools;
    this.cache = cache;
    this.listener = listener;
    this.lookups = new PoolQueue<>(io, this::answer, (lookup, failure) -> lookup.answer(() -> lookup.looked().fail(failure)));
    this.stores = new PoolQueue<>(io, chunk -> chunk.forEach(this::store),
      (store, failure) -> LOG.debug("a result of {} was not kept", store.key().tool(), failure));
  }

  @Override
  public void expect(ToolRegistry.Entry entry, JsonObject args) {
    Cacheable cacheable = cacheable(entry, args);
    if (cacheable == null || !cache.holds(cacheable.key())) {
      return;
    }
    if (ahead.size() >= MAX_AHEAD) {
      ahead.clear();
    }
    ahead.computeIfAbsent(cacheable.key(), key -> lookUp(key, cacheable.footprint()));
  }

  @Override
  public Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    return switch (entered.kind()) {
      case EXECUTE -> command(entered, call, writes);
      case WRITE -> tools.run(entered, call, writes).andThen(done -> cache.written(writes));
      case READ_ONLY -> read(entered, call, writes);
    };
  }

  private Future<RunOutput> command(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    cache.commandStarted();
    return tools.run(entered, call, writes).andThen(done -> cache.commandEnded());
  }

  private Future<RunOutput> read(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    Cacheable cacheable = cacheable(entered, call.args());
    if (cacheable == null) {
      return tools.run(entered, call, writes);
    }
    CacheKey key = cacheable.key();
    Future<Looked> before = ahead.remove(key);
    if (before != null) {
      // Looked up when the batch came, perhaps before an earlier call of the session changed something: served
      // only if nothing at all has changed since, told on this loop once the call has started.
      return before.transform(done -> done.succeeded() && done.result().hit() != null
        && cache.quietSince(done.result().hit().clock()) ? served(entered, call, writes, cacheable, done)
        : looked(entered, call, writes, cacheable));
    }
    return looked(entered, call, writes, cacheable);
  }

  private Future<RunOutput> looked(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Cacheable cacheable) {
    if (!cache.holds(cacheable.key())) {
      listener.miss(entered.name());
      return computed(entered, call, writes, cacheable, cache.ticket());
    }
    return lookUp(cacheable.key(), cacheable.footprint()).transform(done -> served(entered, call, writes, cacheable, done));
  }

  private Future<RunOutput> served(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Cacheable cacheable,
                                   AsyncResult<Looked> done) {
    if (done.failed()) {
      LOG.debug("looking up a cached result of {} failed; running it", entered.name(), done.cause());
      return computed(entered, call, writes, cacheable, cache.ticket());
    }
    ResultCache.Served hit = done.result().hit();
    // A result larger than this call may answer is not served: the tool runs, as it would without a cache.
    if (hit != null && hit.weight() <= call.maxResultBytes()) {
      listener.hit(entered.name());
      entered.calls().exit();
      return Future.succeededFuture(new RunOutput(hit.output(), true));
    }
    listener.miss(entered.name());
    return computed(entered, call, writes, cacheable, hit == null ? done.result().ticket() : cache.ticket());
  }

  // A footprint that names no path depends on something the cache cannot watch; one that writes is not a read.
  private Cacheable cacheable(ToolRegistry.Entry entry, JsonObject args) {
    if (entry.kind() != ToolKind.READ_ONLY || !entry.cacheable()) {
      return null;
    }
    Footprint footprint;
    try {
      footprint = entry.tool().footprint(args);
    } catch (RuntimeException | Error e) {
      return null; // the planner has asked for this footprint already; let the tool say what is wrong
    }
    if (footprint == null || footprint.isEverything() || footprint.accesses().isEmpty()
      || footprint.accesses().stream().anyMatch(Footprint.Access::write)) {
      return null;
    }
    SortedMap<String, Object> fallbacks = defaults.get(entry.calls(), version -> new ConcurrentHashMap<>())
      .computeIfAbsent(entry.name(), name -> CacheKey.defaults(entry.schema()));
    return new Cacheable(CacheKey.of(entry.calls(), entry.name(), fallbacks, args), footprint);
  }

  private Future<Looked> lookUp(CacheKey key, Footprint footprint) {
    Promise<Looked> looked = Promise.promise();
    lookups.add(new Lookup(key, footprint, Vertx.currentContext(), looked));
    return looked.future();
  }

  // On the pool, a chunk of the lookups queued together. The answers go back to each caller's context, where
  // the tool, on a miss, must be called: one hand-off a context for the whole chunk.
  private void answer(List<Lookup> chunk) {
    Map<Context, List<Runnable>> answers = new java.util.LinkedHashMap<>();
    for (Lookup lookup : chunk) {
      Runnable complete;
      try {
        ResultCache.Served hit = cache.hit(lookup.key(), lookup.footprint());
        Looked answer = new Looked(hit, hit == null ? cache.ticket() : null);
        complete = () -> lookup.looked().complete(answer);
      } catch (RuntimeException | Error e) {
        complete = () -> lookup.looked().fail(e);
      }
      answers.computeIfAbsent(lookup.context(), context -> new java.util.ArrayList<>()).add(complete);
    }
    answers.forEach((context, completions) -> {
      if (context == null) {
        completions.forEach(Runnable::run);
      } else {
        context.runOnContext(v -> completions.forEach(Runnable::run));
      }
    });
  }

  private Future<RunOutput> computed(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Cacheable cacheable,
                                     ResultCache.Ticket ticket) {
    computing.incrementAndGet();
    return tools.run(entered, call, writes).andThen(done -> {
      if (done.succeeded() && keepable(done.result().output(), call)) {
        waiting.add(new Store(cacheable.key(), cacheable.footprint(), ticket, ResultCache.copy(done.result().output())));
      }
      // Keeping costs a stat and a walk of the output on the pool: it waits for the reads in flight, which
      // it would slow down, unless many wait.
      if (computing.decrementAndGet() == 0 || waitingCount.incrementAndGet() >= MAX_WAITING_STORES) {
        waitingCount.set(0);
        Store next;
        while ((next = waiting.poll()) != null) {
          stores.add(next);
        }
      }
    });
  }

  private void store(Store store) {
    try {
      cache.store(store.key(), store.footprint(), store.ticket(), store.output());
    } catch (RuntimeException | Error e) {
      LOG.debug("keeping a result of {} failed", store.key().tool(), e);
    }
  }

  // A partial output depends on the time or the budget it had; one the caller stopped may be partial too.
  private static boolean keepable(JsonObject output, ToolCall call) {
    return output != null && !Boolean.TRUE.equals(output.getValue("truncated")) && !call.cancellation().requested();
  }
}
