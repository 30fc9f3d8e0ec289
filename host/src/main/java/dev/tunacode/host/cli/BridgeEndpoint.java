package dev.tunacode.host.cli;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.client.BridgeClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A running host, reached over its event-bus bridge.
 */
final class BridgeEndpoint implements Endpoint {

  private final Vertx vertx;
  private final BridgeClient client;
  private final long timeoutMs;

  private BridgeEndpoint(Vertx vertx, BridgeClient client, long timeoutMs) {
    this.vertx = vertx;
    this.client = client;
    this.timeoutMs = timeoutMs;
  }

  /**
   * @throws IllegalStateException with a message for the user when the host cannot be reached or refuses
   */
  static BridgeEndpoint connect(String url, String token, long timeoutMs) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      BridgeClient client = BridgeClient.connect(vertx, url, token, new BridgeClientOptions().setTimeoutMs(timeoutMs))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new BridgeEndpoint(vertx, client, timeoutMs);
    } catch (ExecutionException e) {
      vertx.close();
      String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      throw new IllegalStateException("cannot connect to " + url + ": " + why
        + (why != null && why.contains("401") ? " (wrong token: use the one tunahost serve printed, or TUNACODE_TOKEN)" : ""), e);
    }
  }

  @Override
  public JsonObject request(String address, JsonObject body) throws Exception {
    try {
      return client.request(address, body).toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
        throw Timeouts.noReply(timeoutMs);
      }
      throw new IllegalStateException("the host refused the request: " + e.getCause().getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
    vertx.close();
  }
}
