package dev.tunacode.host.server;

import dev.tunacode.core.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guards the event-bus bridge: the token (on connecting, or in the first message's headers), the
 * origin and the size of a message here; what a connection may send and listen on in {@link Admission};
 * which frames reach it, and how they are written, on the way out. Every refusal tells the client why, on
 * the request's reply address when it has one.
 * <p>
 * A request counts against {@code server.maxOutstanding} until the host has finished with it, whether or
 * not the client wants the reply: one sent without a reply address gets one of the guard's, whose reply
 * the guard takes and drops. A connection's state outlives its close until its last request is done.
 */
final class BridgeGuard implements Handler<BridgeEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private final AccessPolicy policy;
  private final BridgeLimits limits;
  private final Map<SockJSSocket, ClientState> clients = new ConcurrentHashMap<>();
  private final EventsOwners owners;
  private final Admission admission;
  private final PreAuthGate preAuth;
  private final Vertx vertx;

  BridgeGuard(Vertx vertx, AccessPolicy policy, BridgeLimits limits, int maxOutstanding, PreAuthGate preAuth) {
    this.vertx = vertx;
    this.policy = policy;
    this.preAuth = preAuth;
    this.limits = limits;
    this.owners = new EventsOwners(maxOutstanding);
    this.admission = new Admission(owners, maxOutstanding);
  }

  int connections() {
    return (int) clients.values().stream().filter(client -> !client.closed).count();
  }

  @Override
  public void handle(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    switch (event.type()) {
      case SOCKET_CREATED -> connected(event, socket);
      case SOCKET_CLOSED -> {
        ClientState client = clients.get(socket);
        if (client != null) {
          client.closed = true;
          preAuth.left(client);
          cancelLeftCalls(client);
          forgetWhenDone(socket, client);
        }
        event.complete(true);
      }
      case SEND, PUBLISH, REGISTER, UNREGISTER -> inbound(event, socket);
      case RECEIVE -> outbound(event, socket);
      default -> event.complete(true);
    }
  }

  private void connected(BridgeEvent event, SockJSSocket socket) {
    String origin = socket.headers().get("Origin");
    String token = AccessPolicy.tokenOf(socket.uri(), socket.headers());
    if (!policy.originAllowed(origin) || (token != null && !policy.tokenMatches(token))) {
      LOG.warn("Refused a bridge connection from {} (origin {})", socket.remoteAddress(), origin);
      event.complete(false);
      return;
    }
    ClientState client = new ClientState(token != null);
    if (token == null && !preAuth.admit(client, socket)) {
      LOG.warn("Refused a bridge connection from {}: {} connections are already waiting to give their token",
        socket.remoteAddress(), preAuth.max());
      event.complete(false);
      return;
    }
    clients.put(socket, client);
    event.complete(true);
  }

  private void inbound(BridgeEvent event, SockJSSocket socket) {
    ClientState client = clients.get(socket);
    JsonObject raw = event.getRawMessage();
    if (client == null || client.closed) {
      event.complete(false);
      return;
    }
    // Nothing on the host reads a message's headers, and the token in them must never reach a tool.
    Object token = raw.remove("headers") instanceof JsonObject headers ? headers.getValue("token") : null;
    if (!client.authenticated && !authenticate(client, token instanceof String text ? text : null)) {
      refuse(event, socket, raw, 401, "This host needs a token: give it as ?token=, in the "
        + AccessPolicy.TOKEN_HEADER + " header, or in the headers of your first message as {\"token\":\"…\"}.");
      socket.close();
      return;
    }
    if (JsonSizeBound.exceeds(raw, limits.messageBytes())) {
      int size = raw.toBuffer().length();
      if (size > limits.messageBytes()) {
        refuse(event, socket, raw, 413, limits.tooLarge(size));
        return;
      }
    }
    String address = raw.getString("address", "");
    Refusal refusal = switch (event.type()) {
      case PUBLISH -> admission.publish();
      case REGISTER -> admission.register(client, address);
      case UNREGISTER -> admission.unregister(client, address);
      default -> admission.send(client, raw);
    };
    if (refusal != null) {
      refuse(event, socket, raw, refusal.code(), refusal.message());
    } else {
      event.complete(true);
    }
  }

  private boolean authenticate(ClientState client, String given) {
    if (!policy.tokenMatches(given)) {
      return false;
    }
    client.authenticated = true;
    preAuth.left(client);
    return true;
  }

  private void outbound(BridgeEvent event, SockJSSocket socket) {
    ClientState client = clients.get(socket);
    String address = event.getRawMessage().getString("address");
    if (client == null || address == null) {
      event.complete(false);
    } else if (client.finished(address)) {
      let(event, socket, client, !client.ownReplyAddress(address) && !client.closed);
      forgetWhenDone(socket, client);
    } else {
      boolean allowed = !client.closed && admission.hears(client, address);
      if (allowed && event.getRawMessage().getValue("body") instanceof JsonObject body
        && client.stalled.drop(body, socket.writeQueueFull())) {
        event.complete(false);
        return;
      }
      let(event, socket, client, allowed);
    }
  }

  // A frame the bridge would encode on the event loop, or one behind such a frame, is written by the
  // connection's OutboundFrames instead; the bridge is told not to.
  private static void let(BridgeEvent event, SockJSSocket socket, ClientState client, boolean allowed) {
    if (!allowed) {
      event.complete(false);
      return;
    }
    if (client.output == null) {
      client.output = new OutboundFrames((BridgeSocket) socket, Vertx.currentContext());
    }
    if (client.output.leaveToBridge(event.getRawMessage())) {
      event.complete(true);
    } else {
      event.complete(false);
      client.output.write(event.getRawMessage());
    }
  }

  /**
   * The bridge failed a request's reply (it timed out, or nothing took the request) and wrote the failure
   * to the socket itself, with no event the guard would see: {@link BridgeSocket} tells of it.
   *
   * @return whether the failure is the guard's own to drop, its request having had no reply address
   */
  boolean replyFailed(SockJSSocket socket, String replyAddress) {
    ClientState client = clients.get(socket);
    if (client == null || !client.finished(replyAddress)) {
      return false;
    }
    forgetWhenDone(socket, client);
    return client.ownReplyAddress(replyAddress);
  }

  // Nobody is left to read what the connection's calls would give, and a command it started would run on.
  private void cancelLeftCalls(ClientState client) {
    if (client.outstanding() == 0) {
      return;
    }
    vertx.eventBus().request(Addresses.CANCEL, new JsonObject().put("connection", client.connection)
      .put("reason", "the client disconnected")).onComplete(done -> {
        if (done.failed()) {
          LOG.warn("Could not cancel the calls of a connection that went away: {}", done.cause().getMessage());
        } else {
          LOG.debug("A connection went away: {}", ((JsonObject) done.result().body()).getString("text"));
        }
      });
  }

  // A batch of a closed connection may still publish to its events address: the address stays its own
  // until then, so that no one else can take it up and hear the rest.
  private void forgetWhenDone(SockJSSocket socket, ClientState client) {
    if (client.closed && client.outstanding() == 0) {
      clients.remove(socket);
      owners.releaseAll(client);
    }
  }

  // The bridge itself answers a refusal with a bare "rejected"; this says why.
  private static void refuse(BridgeEvent event, SockJSSocket socket, JsonObject raw, int code, String message) {
    ((BridgeSocket) socket).refuse(ErrorFrames.refusal(raw.getString("replyAddress"), code, message));
    event.complete(false);
  }
}
