package dev.tunacode.core.registry;

import dev.tunacode.core.coordinator.CallErrors;
import dev.tunacode.core.coordinator.CallRunner;
import dev.tunacode.core.coordinator.Envelopes;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Serves one tool name on {@code tunacode.tool.<name>}. The address is internal: the coordinator has
 * already checked the arguments, so this verticle only runs the tool, through the same
 * {@link CallRunner} as the coordinator, and wraps its outcome. It looks the name up for every call, so
 * that a replaced plugin's new version answers on the same address with no gap and no overlap.
 * <p>
 * Request: the arguments, with a {@code timeoutMs} header. Reply: {@code {"ok":true,"output":{...},"cached"?}} or
 * {@code {"ok":false,"error":{...}}}.
 */
public final class ToolVerticle extends VerticleBase {

  /** The header that carries the call's time limit. */
  public static final String TIMEOUT_HEADER = "timeoutMs";

  private final String name;
  private final String address;
  private final ToolRegistry registry;
  private final CallRunner runner;
  private MessageConsumer<JsonObject> consumer;

  /** @param address where it answers: {@code tunacode.tool.<name>}, or its workspace's own (see HostAddresses) */
  public ToolVerticle(String name, String address, ToolRegistry registry, CallRunner runner) {
    this.name = name;
    this.address = address;
    this.registry = registry;
    this.runner = runner;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(address, this::handle);
    return consumer.completion();
  }

  private void handle(Message<JsonObject> message) {
    ToolRegistry.Entry served = registry.get(name);
    ToolRegistry.Entry entered = served == null ? null : registry.enter(served);
    if (entered == null) {
      message.reply(Envelopes.failed(CallErrors.error(ErrorCode.UNKNOWN_TOOL, "The tool '" + name + "' is no longer served.")));
      return;
    }
    long timeoutMs = parseTimeout(message.headers().get(TIMEOUT_HEADER), entered.timeoutMs());
    runner.run(entered, new ToolCall(message.body(), timeoutMs), null).onComplete(done -> message.reply(done.succeeded()
      ? Envelopes.ok(done.result().output(), done.result().cached()) : Envelopes.failed(CallErrors.toError(name, done.cause()))));
  }

  private static long parseTimeout(String header, long otherwise) {
    if (header == null) {
      return otherwise;
    }
    try {
      return Math.max(1, Long.parseLong(header));
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
