package dev.tunacode.host.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A client of a host's event-bus bridge over a raw WebSocket ({@code /eventbus/websocket}), speaking the
 * bridge's JSON frames. It pings so that the bridge keeps the connection, takes each message whole however
 * many frames it came in, fails a request whose reply does not come in time, and turns error frames into
 * failed futures that carry the host's message.
 */
public final class BridgeClient implements AutoCloseable {

  private static final long PING_INTERVAL_MS = 5_000;

  private record Waiting(Promise<JsonObject> reply, long timer) {
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BridgeClientOptions options;
  private final Map<String, Waiting> pending = new ConcurrentHashMap<>();
  private final Map<String, Consumer<JsonObject>> handlers = new ConcurrentHashMap<>();
  private final JsonFactory json;
  private final long pinger;
  /** A message at least this large is read off the event loop. */
  static final int PARSE_ON_LOOP_BYTES = 256 * 1024;
  private final java.util.ArrayDeque<Buffer> backlog = new java.util.ArrayDeque<>();
  private boolean parsing;
  private Runnable drained;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket, BridgeClientOptions options) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    this.options = options;
    // Vert.x's own parser refuses a string over 20 million characters; a reply may hold a longer one.
    this.json = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
      .maxStringLength(options.getMaxMessageBytes()).build()).build();
    // The bridge sends binary frames over a raw WebSocket; take both kinds, joined into whole messages.
    socket.textMessageHandler(text -> message(Buffer.buffer(text)));
    socket.binaryMessageHandler(this::message);
    socket.exceptionHandler(this::failed);
    // What came before the close is still handed out, then whatever still waits fails.
    socket.closeHandler(v -> afterBacklog(() -> failAll(new IllegalStateException("The connection to the host closed."))));
    this.pinger = vertx.setPeriodic(PING_INTERVAL_MS, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
  }

  /** Connects with the default options; see {@link #connect(Vertx, String, String, BridgeClientOptions)}. */
  public static Future<BridgeClient> connect(Vertx vertx, String url, String token) {
    return connect(vertx, url, token, new BridgeClientOptions());
  }

  /**
   * Connects.
   *
   * @param url   the host's URL, such as {@code http://127.0.0.1:7878}; a path or query is ignored
   * @param token the host's token, sent as a query parameter; null to send none
   */
  public static Future<BridgeClient> connect(Vertx vertx, String url, String token, BridgeClientOptions options) {
    URI base = URI.create(url);
    boolean secure = "https".equalsIgnoreCase(base.getScheme()) || "wss".equalsIgnoreCase(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : secure ? 443 : 80;
    String uri = "/eventbus/websocket" + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    WebSocketConnectOptions connect = new WebSocketConnectOptions()
      .setHost(base.getHost()).setPort(port).setSsl(secure).setURI(uri);
    BridgeClientOptions copy = new BridgeClientOptions(options);
    // A frame is never larger than the message it carries; the host cuts its replies into large ones.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxFrameSize(copy.getMaxMessageBytes()).setMaxMessageSize(copy.getMaxMessageBytes()));
    return client.connect(connect)
      .map(socket -> new BridgeClient(vertx, client, socket, copy))
      .recover(failure -> client.close().transform(closed -> Future.failedFuture(failure)));
  }

  /**
   * Sends a request and completes with the reply's body; fails with the host's refusal, or with a
   * {@link ReplyException} of {@link ReplyFailure#TIMEOUT} when no reply came within the options' timeout.
   */
  public Future<JsonObject> request(String address, JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    long timer = vertx.setTimer(options.getTimeoutMs(), id -> fail(replyAddress, new ReplyException(ReplyFailure.TIMEOUT,
      "No reply from the host within " + options.getTimeoutMs() + " ms; the request may still be running there.")));
    pending.put(replyAddress, new Waiting(reply, timer));
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", replyAddress);
    socket.writeTextMessage(frame.encode()).onFailure(failure -> fail(replyAddress, failure));
    return reply.future();
  }

  /** Listens on an address; the bridge lets through only events addresses this client named in a batch. */
  public Future<Void> register(String address, Consumer<JsonObject> handler) {
    handlers.put(address, handler);
    return socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address).encode());
  }

  // Messages are taken in the order they came: a large one is read on a worker, and those behind it wait
  // for it, so that a call's events still come before its result.
  private void message(Buffer text) {
    backlog.add(text);
    drain();
  }

  private void afterBacklog(Runnable then) {
    if (!parsing && backlog.isEmpty()) {
      then.run();
    } else {
      drained = then;
    }
  }

  private void drain() {
    while (!parsing && !backlog.isEmpty()) {
      Buffer next = backlog.poll();
      if (next.length() < PARSE_ON_LOOP_BYTES) {
        handle(parse(next));
        continue;
      }
      parsing = true;
      // Several megabytes of JSON take long enough to read that the loop's blocked-thread check fires.
      vertx.<Object>executeBlocking(() -> parse(next), false).onComplete(parsed -> {
        parsing = false;
        handle(parsed.succeeded() ? parsed.result() : parsed.cause());
        drain();
      });
    }
    if (!parsing && backlog.isEmpty() && drained != null) {
      Runnable then = drained;
      drained = null;
      then.run();
    }
  }

  private Object parse(Buffer text) {
    try {
      return JacksonCodec.fromParser(json.createParser(text.getBytes()), Object.class);
    } catch (IOException | DecodeException e) {
      return e;
    }
  }

  private void handle(Object parsed) {
    if (!(parsed instanceof JsonObject frame)) {
      // Which request it answered is unknown: fail them all rather than leave one waiting.
      failAll(new IllegalStateException("A message from the host could not be read: " + (parsed instanceof Exception e
        ? e.getMessage() : "it is not a JSON object")));
      socket.close();
      return;
    }
    String address = frame.getValue("address") instanceof String name ? name : null;
    Waiting waiting = address == null ? null : pending.remove(address);
    if (waiting != null) {
      vertx.cancelTimer(waiting.timer());
      if ("err".equals(frame.getString("type"))) {
        waiting.reply().tryFail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, frame.getInteger("failureCode", -1),
          frame.getString("message", "refused")));
      } else {
        waiting.reply().tryComplete(frame.getJsonObject("body"));
      }
      return;
    }
    Consumer<JsonObject> handler = address == null ? null : handlers.get(address);
    if (handler != null && "rec".equals(frame.getString("type"))) {
      handler.accept(frame.getJsonObject("body"));
    }
  }

  // A message larger than the options allow, or a broken connection: nothing more can be read reliably.
  // Vert.x tells the first only by its text.
  private void failed(Throwable failure) {
    String why = failure.getMessage() != null && failure.getMessage().contains("max message size")
      ? "A message from the host is over " + options.getMaxMessageBytes() + " bytes, the most this client takes."
      : "The connection to the host failed: " + failure.getMessage();
    failAll(new IllegalStateException(why, failure));
    socket.close();
  }

  private void fail(String replyAddress, Throwable failure) {
    Waiting waiting = pending.remove(replyAddress);
    if (waiting != null) {
      vertx.cancelTimer(waiting.timer());
      waiting.reply().tryFail(failure);
    }
  }

  private void failAll(Throwable failure) {
    pending.keySet().forEach(replyAddress -> fail(replyAddress, failure));
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    socket.close().eventually(client::close);
  }
}
