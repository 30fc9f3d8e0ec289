package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs one call: the scheduler decides when, a runner decides where and how. Every way to a tool (the
 * coordinator's batches and single calls, each tool's own address) goes through one, so that a tool on
 * another node or a cached result can be put in its place without touching either.
 */
public interface CallRunner {

  /**
   * @param entered the tool, already counted in its plugin's calls ({@link ToolRegistry#enter}); the
   *                runner counts the call out when the tool's future completes, or at once when it does not
   *                run the tool
   * @param writes  the real paths a call that writes will write, as its scheduler resolved them; null when
   *                they are not known (a call to a tool's own address) or may be anything
   * @return the tool's output; never throws: a tool that throws, returns no future or completes with no
   *   output gives a failed future instead, which {@link CallErrors#toError} turns into the wire's error
   */
  Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes);

  /**
   * Runs a call that {@link #expect} was told of.
   *
   * @param expected what {@code expect} returned for it
   */
  default Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Object expected) {
    return run(entered, call, writes);
  }

  /**
   * Says that a call has been admitted and will be run once its turn comes, so that a runner may prepare
   * for the calls of a batch together (look them all up in one task). Called on the scheduler's event
   * loop: quick, and no I/O.
   *
   * @param args      validated arguments
   * @param footprint what the tool's {@code footprint} gave for them when the call was planned
   * @return what the runner worked out for the call, handed back to {@link #run(ToolRegistry.Entry, ToolCall, List, Object)}
   *         so that it is not worked out twice; null for nothing
   */
  default Object expect(ToolRegistry.Entry entry, JsonObject args, Footprint footprint) {
    return null;
  }
}
