package dev.tunacode.core.registry;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.coordinator.CallErrors;
import dev.tunacode.core.coordinator.CallRunner;
import dev.tunacode.core.coordinator.Envelopes;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * Serves one tool on {@code tunacode.tool.<name>}. The address is internal: the coordinator has already
 * checked the arguments, so this verticle only runs the tool, through the same {@link CallRunner} as the
 * coordinator, and wraps its outcome.
 * <p>
 * Request: the arguments, with a {@code timeoutMs} header. Reply: {@code {"ok":true,"output":{...}}} or
 * {@code {"ok":false,"error":{...}}}.
 */
public final class ToolVerticle extends VerticleBase {

  /** The header that carries the call's time limit. */
  public static final String TIMEOUT_HEADER = "timeoutMs";

  private final Tool tool;
  private MessageConsumer<JsonObject> consumer;

  public ToolVerticle(Tool tool) {
    this.tool = tool;
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(Addresses.tool(tool.name()), this::handle);
    return consumer.completion();
  }

  private void handle(Message<JsonObject> message) {
    long timeoutMs = parseTimeout(message.headers().get(TIMEOUT_HEADER));
    CallRunner.LOCAL.run(tool, new ToolCall(message.body(), timeoutMs)).onComplete(done -> message.reply(done.succeeded()
      ? Envelopes.ok(done.result()) : Envelopes.failed(CallErrors.toError(tool.name(), done.cause()))));
  }

  private long parseTimeout(String header) {
    if (header == null) {
      return tool.defaultTimeoutMs();
    }
    try {
      return Math.max(1, Long.parseLong(header));
    } catch (NumberFormatException e) {
      return tool.defaultTimeoutMs();
    }
  }
}
