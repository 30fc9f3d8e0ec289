package dev.tunacode.host.server;

import dev.tunacode.core.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guards the event-bus bridge: the token (on connecting, or in the first message's headers), the
 * origin, the shape and size of a message, the requests a connection may have outstanding, and the
 * events addresses a connection owns (see {@link EventsOwners}). Every refusal tells the client why, on
 * the request's reply address when it has one.
 * <p>
 * A request counts against {@code server.maxOutstanding} until the host has finished with it, whether or
 * not the client wants the reply: one sent without a reply address gets one of the guard's, whose reply
 * the guard takes and drops. A connection's state outlives its close until its last request is done.
 */
final class BridgeGuard implements Handler<BridgeEvent> {

  /** Events addresses a bridge client may name and listen on start with this. */
  static final String EVENTS_PREFIX = "tunacode.events.";

  /** The addresses a client may send to. */
  static final List<String> INBOUND = List.of(Addresses.TOOLS, Addresses.CALL, Addresses.BATCH);

  private static final Map<String, String> EXAMPLES = Map.of(Addresses.TOOLS, "{}",
    Addresses.CALL, "{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}",
    Addresses.BATCH, "{\"calls\":[{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}]}");

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private final AccessPolicy policy;
  private final BridgeLimits limits;
  private final int maxOutstanding;
  private final Map<SockJSSocket, ClientState> clients = new ConcurrentHashMap<>();
  private final EventsOwners owners;

  BridgeGuard(AccessPolicy policy, BridgeLimits limits, int maxOutstanding) {
    this.policy = policy;
    this.limits = limits;
    this.maxOutstanding = maxOutstanding;
    this.owners = new EventsOwners(maxOutstanding);
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
    clients.put(socket, new ClientState(token != null));
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
    switch (event.type()) {
      case PUBLISH -> refuse(event, socket, raw, 403, "Clients send requests; they do not publish. Send to "
        + String.join(", ", INBOUND) + ".");
      case REGISTER -> listen(event, socket, client, address);
      case UNREGISTER -> {
        if (address.startsWith(EVENTS_PREFIX)) {
          client.listening.remove(address);
          event.complete(true);
        } else {
          refuse(event, socket, raw, 403, notEvents(address));
        }
      }
      default -> {
        if (!INBOUND.contains(address)) {
          refuse(event, socket, raw, 403, "The address '" + address + "' is not reachable over the bridge. Send to "
            + String.join(", ", INBOUND) + ".");
        } else if (!(raw.getValue("body") instanceof JsonObject || raw.getValue("body") == null && Addresses.TOOLS.equals(address))) {
          refuse(event, socket, raw, 400, "A request to " + address + " has a JSON object as its body, such as "
            + EXAMPLES.get(address) + ".");
        } else if (admitSend(event, socket, client, raw)) {
          event.complete(true);
        }
      }
    }
  }

  private void listen(BridgeEvent event, SockJSSocket socket, ClientState client, String address) {
    Refusal refusal = !address.startsWith(EVENTS_PREFIX) ? new Refusal(403, notEvents(address))
      : client.listening.contains(address) ? new Refusal(400, "This connection already listens on '" + address + "'.")
      : owners.claim(address, client);
    if (refusal != null) {
      refuse(event, socket, event.getRawMessage(), refusal);
      return;
    }
    client.listening.add(address);
    event.complete(true);
  }

  private boolean admitSend(BridgeEvent event, SockJSSocket socket, ClientState client, JsonObject raw) {
    if (client.outstanding() >= maxOutstanding) {
      refuse(event, socket, raw, 429, "This connection already has " + client.outstanding()
        + " requests the host has not finished, the most allowed. Wait for replies before sending more.");
      return false;
    }
    Object events = Addresses.BATCH.equals(raw.getString("address")) ? raw.getJsonObject("body").getValue("events") : null;
    if (events != null) {
      Refusal refusal = events instanceof String address && address.startsWith(EVENTS_PREFIX) ? owners.claim(address, client)
        : new Refusal(400, "Over the bridge, 'events' must be an address that starts with '" + EVENTS_PREFIX + "', such as '"
          + EVENTS_PREFIX + "my-client-1'; register a handler there first.");
      if (refusal != null) {
        refuse(event, socket, raw, refusal);
        return false;
      }
    }
    String replyAddress = raw.getString("replyAddress");
    boolean ownAddress = replyAddress == null;
    if (ownAddress) {
      replyAddress = UUID.randomUUID().toString();
      raw.put("replyAddress", replyAddress);
    }
    client.sent(replyAddress, ownAddress);
    return true;
  }

  private static String notEvents(String address) {
    return "Clients may listen only on events addresses, which start with '" + EVENTS_PREFIX + "', not on '" + address + "'.";
  }

  // The token header is taken off every message, so that it never reaches a tool.
  private boolean authenticate(ClientState client, String given) {
    if (!policy.tokenMatches(given)) {
      return false;
    }
    client.authenticated = true;
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
      let(event, socket, client, !client.closed && owners.isOwner(address, client));
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

  // A batch of a closed connection may still publish to its events address: the address stays its own
  // until then, so that no one else can take it up and hear the rest.
  private void forgetWhenDone(SockJSSocket socket, ClientState client) {
    if (client.closed && client.outstanding() == 0) {
      clients.remove(socket);
      owners.releaseAll(client);
    }
  }

  // The bridge itself answers a refusal with a bare "rejected"; this says why.
  private static void refuse(BridgeEvent event, SockJSSocket socket, JsonObject raw, Refusal refusal) {
    refuse(event, socket, raw, refusal.code(), refusal.message());
  }

  private static void refuse(BridgeEvent event, SockJSSocket socket, JsonObject raw, int code, String message) {
    ((BridgeSocket) socket).refuse(ErrorFrames.refusal(raw.getString("replyAddress"), code, message));
    event.complete(false);
  }
}
