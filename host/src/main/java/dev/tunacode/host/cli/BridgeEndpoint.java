package dev.tunacode.host.cli;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.client.BridgeClientOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running host, reached over its event-bus bridge.
 */
final class BridgeEndpoint implements Endpoint {

  private final Vertx vertx;
  private final BridgeClient client;
  private final long timeoutMs;
  /** The requests waiting for their replies, which a cancel on exit waits for in turn. */
  private final Set<CompletableFuture<JsonObject>> running = ConcurrentHashMap.newKeySet();
  private final Thread cancelOnExit = new Thread(this::cancelRunning, "tunahost-cancel");

  private BridgeEndpoint(Vertx vertx, BridgeClient client, long timeoutMs) {
    this.vertx = vertx;
    this.client = client;
    this.timeoutMs = timeoutMs;
    Runtime.getRuntime().addShutdownHook(cancelOnExit);
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
  public JsonObject request(String address, JsonObject body, Consumer<JsonObject> events) throws Exception {
    if (body.getValue("events") == null) {
      String listen = "tunacode.events.cli-" + UUID.randomUUID();
      client.register(listen, events).toCompletionStage().toCompletableFuture().get();
      body = body.copy().put("events", listen);
    }
    return request(address, body);
  }

  @Override
  public JsonObject request(String address, JsonObject body) throws Exception {
    CompletableFuture<JsonObject> reply = client.request(address, body).toCompletionStage().toCompletableFuture();
    running.add(reply);
    try {
      return reply.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException failure && failure.failureType() == ReplyFailure.TIMEOUT) {
        throw Timeouts.noReply(timeoutMs);
      }
      throw new IllegalStateException("the host refused the request: " + e.getCause().getMessage(), e);
    } finally {
      running.remove(reply);
    }
  }

  // Ctrl-C or a TERM ends this process while the host may still be running its calls: they are this
  // connection's, so a cancel that names none stops them. The host would cancel them when the connection
  // drops anyway; this says so, and waits until they have stopped.
  private void cancelRunning() {
    if (running.isEmpty()) {
      return;
    }
    try {
      JsonObject reply = client.request(Addresses.CANCEL, new JsonObject().put("reason", "the command line was interrupted"))
        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      System.err.println("tunahost: interrupted; " + reply.getString("text"));
      // The requests' own answers come once their calls have stopped, or the host has given up waiting on them.
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).handle((done, failed) -> null).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("tunahost: interrupted; the host will cancel the calls when it sees the connection close ("
        + e.getMessage() + ")");
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(cancelOnExit);
    } catch (IllegalStateException exiting) {
      return; // the hook is running, and still needs the client
    }
    client.close();
    vertx.close();
  }
}
