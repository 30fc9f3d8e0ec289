package dev.tunacode.host.server;

import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Sorts what goes wrong on a client's connection. A client that goes away (a reset, a connection closed
 * halfway through a request) or sends what HTTP or WebSocket does not allow is no error of the host's:
 * it is logged at DEBUG in one line, and the connection is closed and cleaned up as after any close.
 * A message or frame larger than the transports read closes the connection with 1009 and a reason.
 * Anything else is an error. On a bridge socket it is the bridge's to report; the socket is then
 * closed, since the bridge has forgotten it and would leave it open and unanswered.
 */
final class SocketFailures {

  private static final int MESSAGE_TOO_BIG = 1009;
  private static final Logger LOG = LoggerFactory.getLogger(SocketFailures.class);

  private final BridgeLimits limits;

  SocketFailures(BridgeLimits limits) {
    this.limits = limits;
  }

  void handle(SockJSSocket socket, Throwable failure, Handler<Throwable> bridge) {
    if (isTooLarge(failure)) {
      LOG.debug("Bridge client {} sent more than {} bytes at once: {}", socket.remoteAddress(), limits.transportBytes(),
        failure.getMessage());
      socket.close(MESSAGE_TOO_BIG, limits.cutOffReason());
      return;
    }
    if (isClientSide(failure)) {
      LOG.debug("Bridge client {} went away or broke the protocol: {}", socket.remoteAddress(), failure.toString());
    } else {
      bridge.handle(failure);
    }
    socket.close();
  }

  /** Vert.x logs an HTTP connection's failure as an ERROR unless the connection has a handler: this is it. */
  void watch(HttpConnection connection) {
    connection.exceptionHandler(failure -> {
      if (isClientSide(failure)) {
        LOG.debug("HTTP client {} went away or broke the protocol: {}", connection.remoteAddress(), failure.toString());
      } else {
        LOG.error("HTTP connection from {} failed", connection.remoteAddress(), failure);
      }
    });
  }

  // A frame over the limit is Netty's typed exception; a message that outgrows it while Vert.x joins its
  // frames is a plain IllegalStateException, told apart only by its text.
  private static boolean isTooLarge(Throwable failure) {
    if (failure instanceof CorruptedWebSocketFrameException corrupted) {
      return corrupted.closeStatus().code() == MESSAGE_TOO_BIG;
    }
    return failure instanceof IllegalStateException && failure.getMessage() != null
      && failure.getMessage().startsWith("Cannot process ") && failure.getMessage().contains("max message size");
  }

  private static boolean isClientSide(Throwable failure) {
    return failure instanceof IOException || failure instanceof HttpClosedException || failure instanceof CodecException;
  }
}
