package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Runs one call: the scheduler decides when, a runner decides where and how. Every way to a tool (the
 * coordinator's batches and single calls, each tool's own address) goes through one, so that a tool on
 * another node or a cached result can be put in its place without touching either.
 */
public interface CallRunner {

  /**
   * @param entered the tool, already counted in its plugin's calls ({@link ToolRegistry#enter}); the
   *                runner counts the call out when the tool's future completes
   * @return the tool's output; never throws: a tool that throws, returns no future or completes with no
   *   output gives a failed future instead, which {@link CallErrors#toError} turns into the wire's error
   */
  Future<JsonObject> run(ToolRegistry.Entry entered, ToolCall call);
}
