package dev.tunacode.host.server;

import io.netty.handler.codec.CodecException;
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
 * Anything else is an error. On a bridge socket it is the bridge's to report; the socket is then
 * closed, since the bridge has forgotten it and would leave it open and unanswered.
 */
final class SocketFailures {

  private static final Logger LOG = LoggerFactory.getLogger(SocketFailures.class);

  void handle(SockJSSocket socket, Throwable failure, Handler<Throwable> bridge) {
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

  private static boolean isClientSide(Throwable failure) {
    return failure instanceof IOException || failure instanceof HttpClosedException || failure instanceof CodecException;
  }
}
