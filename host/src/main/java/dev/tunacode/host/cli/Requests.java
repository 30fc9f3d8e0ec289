package dev.tunacode.host.cli;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ExecutionException;

/**
 * Sends a request from the command line's own thread and waits for the reply, at most the given time.
 */
final class Requests {

  private Requests() {
  }

  static JsonObject send(Vertx vertx, String address, JsonObject body, long timeoutMs) throws Exception {
    try {
      return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMs))
        .toCompletionStage().toCompletableFuture().get().body();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
        throw Timeouts.noReply(timeoutMs);
      }
      throw e;
    }
  }
}
