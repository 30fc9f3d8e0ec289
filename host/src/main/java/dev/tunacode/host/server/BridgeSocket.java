package dev.tunacode.host.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.impl.SockJSSocketBase;

import java.nio.charset.StandardCharsets;

/**
 * A client's socket as the event-bus bridge sees it: the transport's own socket, with the shape of its
 * frames checked (see {@link InboundFrames}) and its failures sorted (see {@link SocketFailures}) before
 * the bridge hears of them. It extends vertx-web's
 * {@code SockJSSocketBase} only because the bridge casts every socket to it to close an idle one.
 */
final class BridgeSocket extends SockJSSocketBase {

  private static final SockJSHandlerOptions NO_WRITE_HANDLER = new SockJSHandlerOptions().setRegisterWriteHandler(false);

  /** How the bridge's failed reply begins: {@code {"type":"err","address":…,"failureCode":…}}. */
  private static final byte[] FAILED_REPLY = "{\"type\":\"err\",\"address\":\"".getBytes(StandardCharsets.US_ASCII);

  private final SockJSSocket socket;
  private final SocketFailures failures;
  private final BridgeGuard guard;

  BridgeSocket(Vertx vertx, SockJSSocket socket, SocketFailures failures, BridgeGuard guard) {
    super(vertx, socket.routingContext(), NO_WRITE_HANDLER);
    this.socket = socket;
    this.failures = failures;
    this.guard = guard;
  }

  /** Writes the guard's refusal of a frame. */
  void refuse(JsonObject refusal) {
    socket.write(refusal.toBuffer());
  }

  @Override
  public SockJSSocket exceptionHandler(Handler<Throwable> handler) {
    socket.exceptionHandler(handler == null ? null : failure -> failures.handle(socket, failure, handler));
    return this;
  }

  @Override
  public SockJSSocket handler(Handler<Buffer> handler) {
    socket.handler(handler == null ? null : data -> {
      JsonObject refusal = InboundFrames.refusal(data);
      if (refusal == null) {
        handler.handle(data);
      } else {
        socket.write(refusal.toBuffer());
      }
    });
    return this;
  }

  @Override
  public SockJSSocket pause() {
    socket.pause();
    return this;
  }

  @Override
  public SockJSSocket resume() {
    socket.resume();
    return this;
  }

  @Override
  public SockJSSocket fetch(long amount) {
    socket.fetch(amount);
    return this;
  }

  @Override
  public SockJSSocket endHandler(Handler<Void> endHandler) {
    socket.endHandler(endHandler);
    return this;
  }

  @Override
  public SockJSSocket closeHandler(Handler<Void> closeHandler) {
    socket.closeHandler(closeHandler);
    return this;
  }

  // The bridge writes a failed reply (timed out, or no handler) straight to the socket; this is the one
  // place the guard can hear of it. Its own refusals, and the bridge's other errors, begin otherwise.
  @Override
  public Future<Void> write(Buffer data) {
    if (startsWith(data, FAILED_REPLY) && new JsonObject(data).getValue("address") instanceof String replyAddress
      && guard.replyFailed(this, replyAddress)) {
      return Future.succeededFuture();
    }
    return socket.write(data);
  }

  private static boolean startsWith(Buffer data, byte[] prefix) {
    if (data.length() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Future<Void> write(String data) {
    return socket.write(data);
  }

  @Override
  public SockJSSocket setWriteQueueMaxSize(int maxSize) {
    socket.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public SockJSSocket drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
    return this;
  }

  @Override
  public String writeHandlerID() {
    return socket.writeHandlerID();
  }

  @Override
  public Future<Void> end() {
    return socket.end();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public void close(int statusCode, String reason) {
    socket.close(statusCode, reason);
  }

  @Override
  public void closeAfterSessionExpired() {
    ((SockJSSocketBase) socket).closeAfterSessionExpired();
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return socket.localAddress();
  }

  @Override
  public MultiMap headers() {
    return socket.headers();
  }

  @Override
  public String uri() {
    return socket.uri();
  }

  @Override
  public RoutingContext routingContext() {
    return socket.routingContext();
  }

  @Override
  public Session webSession() {
    return socket.webSession();
  }

  @Override
  public User webUser() {
    return socket.webUser();
  }
}
