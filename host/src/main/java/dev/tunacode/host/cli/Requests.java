package dev.tunacode.host.cli;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * Sends a request from the command line's own thread and waits for the reply.
 */
final class Requests {

  // A batch may hold several five-minute commands; the coordinator enforces each call's own limit.
  private static final long REPLY_TIMEOUT_MS = TimeUnit.HOURS.toMillis(6);

  private Requests() {
  }

  static JsonObject send(Vertx vertx, String address, JsonObject body) throws Exception {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(REPLY_TIMEOUT_MS))
      .toCompletionStage().toCompletableFuture().get().body();
  }
}
