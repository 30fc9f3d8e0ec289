package dev.tunacode.host.server;

import dev.tunacode.core.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guards the event-bus bridge: the token (on connecting, or in the first message's headers), the
 * origin, the size of a message, the requests a connection may have outstanding, and which events
 * a client may receive (only those of addresses it named in its own batches). Every refusal tells the
 * client why, on the request's reply address when it has one.
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

  BridgeGuard(AccessPolicy policy, BridgeLimits limits, int maxOutstanding) {
    this.policy = policy;
    this.limits = limits;
    this.maxOutstanding = maxOutstanding;
  }

  int connections() {
    return clients.size();
  }

  @Override
  public void handle(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    switch (event.type()) {
      case SOCKET_CREATED -> connected(event, socket);
      case SOCKET_CLOSED -> {
        clients.remove(socket);
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
    if (client == null) {
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
    if (JsonSizeBound.of(raw) > limits.messageBytes()) {
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
      case REGISTER, UNREGISTER -> {
        if (address.startsWith(EVENTS_PREFIX)) {
          event.complete(true);
        } else {
          refuse(event, socket, raw, 403, "Clients may listen only on events addresses, which start with '" + EVENTS_PREFIX
            + "', not on '" + address + "'.");
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

  private boolean admitSend(BridgeEvent event, SockJSSocket socket, ClientState client, JsonObject raw) {
    if (Addresses.BATCH.equals(raw.getString("address")) && raw.getValue("body") instanceof JsonObject body
      && body.getValue("events") != null) {
      Object events = body.getValue("events");
      if (!(events instanceof String address) || !address.startsWith(EVENTS_PREFIX)) {
        refuse(event, socket, raw, 400, "Over the bridge, 'events' must be an address that starts with '"
          + EVENTS_PREFIX + "', such as '" + EVENTS_PREFIX + "my-client-1'; register a handler there first.");
        return false;
      }
      client.eventAddresses.add(address);
    }
    String replyAddress = raw.getString("replyAddress");
    if (replyAddress != null) {
      if (client.outstanding >= maxOutstanding) {
        refuse(event, socket, raw, 429, "This connection already has " + client.outstanding
          + " requests waiting for replies, the most allowed. Wait for replies before sending more.");
        return false;
      }
      client.outstanding++;
      client.pendingReplies.add(replyAddress);
    }
    return true;
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
    } else if (client.pendingReplies.remove(address)) {
      client.outstanding--;
      event.complete(true);
    } else {
      event.complete(!address.startsWith(EVENTS_PREFIX) || client.eventAddresses.contains(address));
    }
  }

  // The bridge itself answers a refusal with a bare "rejected"; this says why.
  private static void refuse(BridgeEvent event, SockJSSocket socket, JsonObject raw, int code, String message) {
    socket.write(ErrorFrames.refusal(raw.getString("replyAddress"), code, message).toBuffer());
    event.complete(false);
  }
}
