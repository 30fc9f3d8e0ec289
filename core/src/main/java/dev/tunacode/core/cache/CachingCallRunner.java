package dev.tunacode.core.cache;

import dev.tunacode.core.coordinator.CallRunner;
import dev.tunacode.core.coordinator.RunOutput;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Puts a workspace's {@link ResultCache} in front of the runner of its tools. Every call reaches it when
 * its scheduler lets it start, so a hit keeps the order a run of the tool would have: a read waits for
 * the earlier write of its session before it is looked up, as before it ran.
 * <p>
 * Writes record their paths, and commands their start and end, as their tool's future completes and
 * before their result goes anywhere. A read-only call of a tool that may be cached is looked up on the
 * pool only when something is held for it; otherwise its tool runs at once and the output is kept, if it
 * may be, on the pool afterwards, while its result is already on its way.
 */
public final class CachingCallRunner implements CallRunner {

  private static final Logger LOG = LoggerFactory.getLogger(CachingCallRunner.class);

  private record Looked(JsonObject hit, ResultCache.Ticket ticket) {
  }

  private final CallRunner tools;
  private final ResultCache cache;
  private final BlockingIo io;
  private final CacheListener listener;

  /**
   * @param tools what runs a call the cache cannot answer
   * @param io    the shared pool, where lookups and stores stat the disk
   */
  public CachingCallRunner(CallRunner tools, ResultCache cache, BlockingIo io, CacheListener listener) {
    this.tools = tools;
    this.cache = cache;
    this.io = io;
    this.listener = listener;
  }

  @Override
  public Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    return switch (entered.kind()) {
      case EXECUTE -> command(entered, call, writes);
      case WRITE -> tools.run(entered, call, writes).andThen(done -> cache.written(writes));
      case READ_ONLY -> entered.cacheable() ? read(entered, call, writes) : tools.run(entered, call, writes);
    };
  }

  private Future<RunOutput> command(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    cache.commandStarted();
    return tools.run(entered, call, writes).andThen(done -> cache.commandEnded());
  }

  private Future<RunOutput> read(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    Footprint footprint;
    CacheKey key;
    try {
      footprint = entered.tool().footprint(call.args());
      key = CacheKey.of(entered.calls(), entered.name(), entered.schema(), call.args());
    } catch (RuntimeException | Error e) {
      return tools.run(entered, call, writes); // the planner has asked for this footprint already; let the tool say what is wrong
    }
    if (!coversPaths(footprint)) {
      return tools.run(entered, call, writes);
    }
    if (!cache.holds(key)) {
      listener.miss(entered.name());
      return computed(entered, call, writes, key, footprint, cache.ticket());
    }
    return io.run(() -> {
      JsonObject hit = cache.hit(key, footprint, call.maxResultBytes());
      return new Looked(hit, hit == null ? cache.ticket() : null);
    }).transform(looked -> {
      if (looked.failed()) {
        LOG.debug("looking up a cached result of {} failed; running it", entered.name(), looked.cause());
        return computed(entered, call, writes, key, footprint, cache.ticket());
      }
      if (looked.result().hit() != null) {
        listener.hit(entered.name());
        entered.calls().exit();
        return Future.succeededFuture(new RunOutput(looked.result().hit(), true));
      }
      listener.miss(entered.name());
      return computed(entered, call, writes, key, footprint, looked.result().ticket());
    });
  }

  // A footprint that names no path depends on something the cache cannot watch; one that writes is not a read.
  private static boolean coversPaths(Footprint footprint) {
    if (footprint == null || footprint.isEverything() || footprint.accesses().isEmpty()) {
      return false;
    }
    return footprint.accesses().stream().noneMatch(Footprint.Access::write);
  }

  private Future<RunOutput> computed(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, CacheKey key,
                                     Footprint footprint, ResultCache.Ticket ticket) {
    return tools.run(entered, call, writes).andThen(done -> {
      if (done.succeeded() && keepable(done.result().output(), call)) {
        JsonObject kept = ResultCache.copy(done.result().output());
        io.run(() -> {
          cache.store(key, footprint, ticket, kept);
          return null;
        }).onFailure(failure -> LOG.debug("keeping a result of {} failed", entered.name(), failure));
      }
    });
  }

  // A partial output depends on the time or the budget it had; one the caller stopped may be partial too.
  private static boolean keepable(JsonObject output, ToolCall call) {
    return output != null && !Boolean.TRUE.equals(output.getValue("truncated")) && !call.cancellation().requested();
  }
}
