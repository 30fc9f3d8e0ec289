package dev.tunacode.host.server;

import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the connections that have not yet given their token. Such a connection may give it in its first
 * message, so the host reads that message, up to four times {@code server.maxMessageBytes}, before it
 * knows the client; a crowd of them, each sending slowly, held gigabytes. So at most
 * {@code server.maxUnauthenticated} may wait at once, and each is cut off if its token has not come
 * within {@code server.authWindowMs}.
 */
final class PreAuthGate {

  private final Vertx vertx;
  private final int max;
  private final long windowMs;
  private final AtomicInteger waiting = new AtomicInteger();

  PreAuthGate(Vertx vertx, int max, long windowMs) {
    this.vertx = vertx;
    this.max = max;
    this.windowMs = windowMs;
  }

  int max() {
    return max;
  }

  /** @return whether the connection may wait for its token; if so it is closed unless it gives it in time */
  boolean admit(ClientState client, SockJSSocket socket) {
    if (waiting.incrementAndGet() > max) {
      waiting.decrementAndGet();
      return false;
    }
    client.awaitingToken = true;
    vertx.setTimer(windowMs, fired -> {
      if (!client.authenticated && !client.closed) {
        socket.close(4001, "No token within " + windowMs + " ms. Give it as ?token=, in a header, or in your first message.");
      }
    });
    return true;
  }

  /** The connection gave its token, or went away: it waits no more. */
  void left(ClientState client) {
    if (client.awaitingToken) {
      client.awaitingToken = false;
      waiting.decrementAndGet();
    }
  }
}
