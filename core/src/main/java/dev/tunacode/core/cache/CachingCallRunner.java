package dev.tunacode.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tunacode.core.coordinator.CallRunner;
import dev.tunacode.core.coordinator.RunOutput;
import dev.tunacode.core.registry.PluginCalls;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.schema.ArgsValidator;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a workspace's {@link ResultCache} in front of the runner of its tools. Every call reaches it when
 * its scheduler lets it start, so a hit keeps the order a run of the tool would have: a read waits for
 * the earlier write of its session before it is served, as before it ran.
 * <p>
 * Writes and commands pass through to a {@link RecordingCallRunner}, which records what they change. A read-only call of a tool that may be cached is looked up on the
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

  /**
   * A call's key and footprint, or null when the cache has nothing to do with it.
   *
   * @param args    the arguments they were worked out from: the same object, unless the call was planned for an
   *                older version of its plugin and checked again for the new one
   * @param pending the call's own lookup, started when it was admitted; null when none was
   */
  private record Cacheable(CacheKey key, Footprint footprint, JsonObject args, Lookups.Pending pending) {

    Cacheable looking(Lookups.Pending lookup) {
      return new Cacheable(key, footprint, args, lookup);
    }
  }

  private final CallRunner tools;
  private final ResultCache cache;
  private final CacheListener listener;
  private final Lookups lookups;
  private final Keeper keeper;
  /** Each tool version's argument defaults, worked out once: a key is made for every call. Held weakly, by version. */
  private final Cache<PluginCalls, Map<String, SortedMap<String, Object>>> defaults = Caffeine.newBuilder().weakKeys()
    .executor(Runnable::run).build();

  /**
   * @param tools what runs a call the cache cannot answer: a {@link RecordingCallRunner}, so that writes and
   *              commands are recorded
   * @param io    the shared pool, where lookups and stores stat the disk
   */
  public CachingCallRunner(CallRunner tools, ResultCache cache, BlockingIo io, CacheListener listener) {
    this.tools = tools;
    this.cache = cache;
    this.listener = listener;
    this.lookups = new Lookups(cache, io);
    this.keeper = new Keeper(cache, io);
  }

  @Override
  public Object expect(ToolRegistry.Entry entry, JsonObject args, Footprint footprint) {
    Cacheable cacheable = cacheable(entry, args, footprint);
    return cacheable == null ? null : cacheable.looking(lookups.forCall(cacheable.key(), cacheable.footprint()));
  }

  /**
   * Looks a call that is on its way up in the cache now, on the calling thread: a transport that reads its
   * calls on a thread of its own (MCP's stdin) so saves the call a hand-off to the pool and back, which is
   * most of what a hit costs. What is found is served only if nothing has been recorded since and the
   * watcher has nothing untaken when the call's turn comes: it may be taken by an earlier call of the same
   * question, or wait for a later one if its own was refused on the way. Blocking: never on an event loop.
   * Does nothing for arguments that are not valid, a tool the cache does not keep, or nothing held.
   *
   * @param entry the tool, entered in its plugin's calls by the caller for the time this takes
   * @param args  the call's arguments as the client sent them
   */
  public void lookAhead(ToolRegistry.Entry entry, JsonObject args) {
    if (entry.kind() != ToolKind.READ_ONLY || !entry.cacheable()) {
      return;
    }
    Cacheable cacheable;
    try {
      cacheable = cacheable(entry, ArgsValidator.validate(entry.name(), entry.schema(), args));
    } catch (RuntimeException invalid) {
      return; // the call is answered with what is wrong when it comes
    }
    if (cacheable != null) {
      lookups.found(cacheable.key(), cacheable.footprint());
    }
  }

  @Override
  public Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    return run(entered, call, writes, null);
  }

  @Override
  public Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Object expected) {
    if (entered.kind() != ToolKind.READ_ONLY) {
      return tools.run(entered, call, writes);
    }
    // A key is a map and a string built from the arguments: made once a call, when it was expected.
    Cacheable cacheable = expected instanceof Cacheable known && known.args() == call.args()
      && known.key().version() == entered.calls() ? known : cacheable(entered, call.args());
    return read(entered, call, writes, cacheable);
  }

  private Future<RunOutput> read(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Cacheable cacheable) {
    if (cacheable == null) {
      return tools.run(entered, call, writes);
    }
    Lookups.Pending before = cacheable.pending();
    if (before != null) {
      // Looked up when the call came, perhaps before an earlier call of the session changed something: served
      // only if nothing at all has changed since, told on this loop once the call has started.
      return before.looked().transform(done -> done.succeeded() && lookups.stillTrue(before, done.result())
        ? served(entered, call, writes, cacheable, done) : looked(entered, call, writes, cacheable));
    }
    return looked(entered, call, writes, cacheable);
  }

  private Future<RunOutput> looked(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Cacheable cacheable) {
    if (!cache.holds(cacheable.key())) {
      listener.miss(entered.name());
      return computed(entered, call, writes, cacheable, cache.ticket());
    }
    return lookups.now(cacheable.key(), cacheable.footprint()).transform(done -> served(entered, call, writes, cacheable, done));
  }

  private Future<RunOutput> served(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Cacheable cacheable,
                                   AsyncResult<Lookups.Looked> done) {
    if (done.failed()) {
      LOG.debug("looking up a cached result of {} failed; running it", entered.name(), done.cause());
      return computed(entered, call, writes, cacheable, cache.ticket());
    }
    ResultCache.Served hit = done.result().hit();
    // A result larger than this call may answer is not served: the tool runs, as it would without a cache.
    if (hit != null && hit.weight() <= call.maxResultBytes()) {
      listener.hit(entered.name());
      entered.calls().exit();
      return Future.succeededFuture(RunOutput.served(hit.output(), hit.weight()));
    }
    listener.miss(entered.name());
    return computed(entered, call, writes, cacheable, hit == null ? done.result().ticket() : cache.ticket());
  }

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
    return cacheable(entry, args, footprint);
  }

  // A footprint that names no path depends on something the cache cannot watch; one that writes is not a read.
  private Cacheable cacheable(ToolRegistry.Entry entry, JsonObject args, Footprint footprint) {
    if (entry.kind() != ToolKind.READ_ONLY || !entry.cacheable() || footprint == null || footprint.isEverything()
      || footprint.accesses().isEmpty() || footprint.writes()) {
      return null;
    }
    SortedMap<String, Object> fallbacks = defaults.get(entry.calls(), version -> new ConcurrentHashMap<>())
      .computeIfAbsent(entry.name(), name -> CacheKey.defaults(entry.schema()));
    return new Cacheable(CacheKey.of(entry.calls(), entry.name(), fallbacks, args), footprint, args, null);
  }

  private Future<RunOutput> computed(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Cacheable cacheable,
                                     ResultCache.Ticket ticket) {
    keeper.started();
    return tools.run(entered, call, writes).andThen(done -> keeper.ended(cacheable.key(), cacheable.footprint(), ticket,
      done.succeeded() && keepable(done.result().output(), call) ? ResultCache.copy(done.result().output()) : null));
  }

  // A partial output depends on the time or the budget it had; one the caller stopped may be partial too.
  private static boolean keepable(JsonObject output, ToolCall call) {
    return output != null && !Boolean.TRUE.equals(output.getValue("truncated")) && !call.cancellation().requested();
  }
}
