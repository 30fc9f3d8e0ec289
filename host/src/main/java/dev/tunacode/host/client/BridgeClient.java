package dev.tunacode.host.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A client of a host's event-bus bridge over a raw WebSocket ({@code /eventbus/websocket}), speaking the
 * bridge's JSON frames. It pings so that the bridge keeps the connection, and turns error frames into
 * failed futures that carry the host's message.
 */
public final class BridgeClient implements AutoCloseable {

  private static final long PING_INTERVAL_MS = 5_000;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final Map<String, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final Map<String, Consumer<JsonObject>> handlers = new ConcurrentHashMap<>();
  private final long pinger;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    // The bridge sends binary frames over a raw WebSocket; take both kinds.
    socket.handler(buffer -> frame(buffer.toString()));
    socket.closeHandler(v -> failAll("The connection to the host closed."));
    this.pinger = vertx.setPeriodic(PING_INTERVAL_MS, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
  }

  /**
   * Connects.
   *
   * @param url   the host's URL, such as {@code http://127.0.0.1:7878}; a path or query is ignored
   * @param token the host's token, sent as a query parameter; null to send none
   */
  public static Future<BridgeClient> connect(Vertx vertx, String url, String token) {
    URI base = URI.create(url);
    boolean secure = "https".equalsIgnoreCase(base.getScheme()) || "wss".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : secure ? 443 : 80;
    String uri = "/eventbus/websocket" + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    WebSocketConnectOptions options = new WebSocketConnectOptions()
      .setHost(base.getHost()).setPort(port).setSsl(secure).setURI(uri);
    WebSocketClient client = vertx.createWebSocketClient();
    return client.connect(options)
      .map(socket -> new BridgeClient(vertx, client, socket))
      .recover(failure -> client.close().transform(closed -> Future.failedFuture(failure)));
  }

  /** Sends a request and completes with the reply's body, or fails with the host's refusal. */
  public Future<JsonObject> request(String address, JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(replyAddress, reply);
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", replyAddress);
    socket.writeTextMessage(frame.encode()).onFailure(failure -> {
      if (pending.remove(replyAddress) != null) {
        reply.tryFail(failure);
      }
    });
    return reply.future();
  }

  /** Listens on an address; the bridge lets through only events addresses this client named in a batch. */
  public Future<Void> register(String address, Consumer<JsonObject> handler) {
    handlers.put(address, handler);
    return socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
  }

  private void frame(String text) {
    JsonObject frame = new JsonObject(text);
    String address = frame.getString("address");
    if ("err".equals(frame.getString("type"))) {
      Promise<JsonObject> waiting = address == null ? null : pending.remove(address);
      if (waiting != null) {
        waiting.tryFail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, frame.getInteger("failureCode", -1),
          frame.getString("message", "refused")));
      }
      return;
    }
    Promise<JsonObject> waiting = address == null ? null : pending.remove(address);
    if (waiting != null) {
      waiting.tryComplete(frame.getJsonObject("body"));
      return;
    }
    Consumer<JsonObject> handler = address == null ? null : handlers.get(address);
    if (handler != null) {
      handler.accept(frame.getJsonObject("body"));
    }
  }

  private void failAll(String message) {
    pending.values().forEach(promise -> promise.tryFail(message));
    pending.clear();
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    socket.close().eventually(client::close);
  }
}
