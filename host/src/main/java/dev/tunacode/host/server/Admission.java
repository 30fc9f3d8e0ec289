package dev.tunacode.host.server;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an authenticated connection may send, publish, register and unregister: the rules of the bridge's
 * wire contract (see docs/bridge.md). Each check either lets the frame through, recording what it commits
 * the connection to, or says why not.
 */
final class Admission {

  /** Events addresses a bridge client may name and listen on start with this. */
  static final String EVENTS_PREFIX = "tunacode.events.";

  /** The addresses a client may send to. */
  static final List<String> INBOUND = List.of(Addresses.TOOLS, Addresses.CALL, Addresses.BATCH, Addresses.CANCEL,
    Addresses.PLUGINS, Addresses.WORKSPACES);

  private static final Map<String, String> EXAMPLES = Map.of(Addresses.TOOLS, "{}",
    Addresses.CALL, "{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}",
    Addresses.BATCH, "{\"calls\":[{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}]}",
    Addresses.CANCEL, "{\"batchId\":\"…\"}", Addresses.PLUGINS, "{}", Addresses.WORKSPACES, "{}");

  private final EventsOwners owners;
  private final int maxOutstanding;

  Admission(EventsOwners owners, int maxOutstanding) {
    this.owners = owners;
    this.maxOutstanding = maxOutstanding;
  }

  /**
   * Lets a request through, counting it until the host has finished it; one without a reply address gets
   * one of the guard's, so that its end is seen too.
   *
   * @return why not, or null
   */
  Refusal send(ClientState client, JsonObject raw) {
    String address = raw.getString("address", "");
    if (!INBOUND.contains(address)) {
      return new Refusal(403, "The address '" + address + "' is not reachable over the bridge. Send to "
        + String.join(", ", INBOUND) + ".");
    }
    Object body = raw.getValue("body");
    if (body == null && Addresses.CANCEL.equals(address)) {
      body = new JsonObject();
      raw.put("body", body);
    }
    boolean listing = Addresses.TOOLS.equals(address) || Addresses.PLUGINS.equals(address);
    if (!(body instanceof JsonObject || body == null && listing)) {
      return new Refusal(400, "A request to " + address + " has a JSON object as its body, such as " + EXAMPLES.get(address) + ".");
    }
    String replyAddress = raw.getString("replyAddress");
    if (replyAddress != null && replyAddress.startsWith(EVENTS_PREFIX)) {
      return new Refusal(400, "A replyAddress may not be an events address, as '" + replyAddress + "' is.");
    }
    // A client at its limit must still be able to cancel what holds it there; a cancel is answered at once.
    if (client.outstanding() >= maxOutstanding && !Addresses.CANCEL.equals(address)) {
      return new Refusal(429, "This connection already has " + client.outstanding()
        + " requests the host has not finished, the most allowed. Wait for replies before sending more.");
    }
    Object events = Addresses.BATCH.equals(address) || Addresses.CALL.equals(address) ? ((JsonObject) body).getValue("events") : null;
    if (events != null) {
      Refusal refusal = events instanceof String name && name.startsWith(EVENTS_PREFIX) ? owners.claim(name, client)
        : new Refusal(400, "Over the bridge, 'events' must be an address that starts with '" + EVENTS_PREFIX + "', such as '"
          + EVENTS_PREFIX + "my-client-1'; register a handler there first.");
      if (refusal != null) {
        return refusal;
      }
    }
    name(client, address, (JsonObject) body);
    if (replyAddress == null) {
      replyAddress = UUID.randomUUID().toString();
      raw.put("replyAddress", replyAddress);
      client.sent(replyAddress, true);
    } else {
      client.sent(replyAddress, false);
    }
    return null;
  }

  // A request names the connection that sent it, whatever the client wrote there, so that a client can
  // cancel only its own connection's calls by connection, and the host can cancel them when it goes.
  private static void name(ClientState client, String address, JsonObject body) {
    if (Addresses.TOOLS.equals(address) || Addresses.PLUGINS.equals(address) || Addresses.WORKSPACES.equals(address)) {
      return;
    }
    body.remove("connection");
    if (Addresses.CANCEL.equals(address)) {
      if (body.getValue("batchId") == null && body.getValue("session") == null) {
        body.put("connection", client.connection);
      }
      return;
    }
    body.put("connection", client.connection);
    if (body.getValue("session") == null) {
      body.put("session", client.session);
    }
  }

  /**
   * @return whether a message to the address may go to the connection: an events address it owns, or an
   * address every connection may hear that it listens on
   */
  boolean hears(ClientState client, String address) {
    return owners.isOwner(address, client) || Addresses.TOOLS_CHANGED.equals(address) && client.listening.contains(address);
  }

  /** @return why the connection may not listen on the address, or null once it owns it and listens */
  Refusal register(ClientState client, String address) {
    // Every connection may hear the tool list change; nobody owns that address.
    Refusal refusal = client.listening.contains(address) ? new Refusal(400, "This connection already listens on '" + address + "'.")
      : Addresses.TOOLS_CHANGED.equals(address) ? null
      : !address.startsWith(EVENTS_PREFIX) ? notEvents(address)
      : owners.claim(address, client);
    if (refusal == null) {
      client.listening.add(address);
    }
    return refusal;
  }

  /** @return why not, or null; the address stays the connection's own */
  Refusal unregister(ClientState client, String address) {
    if (!address.startsWith(EVENTS_PREFIX) && !Addresses.TOOLS_CHANGED.equals(address)) {
      return notEvents(address);
    }
    client.listening.remove(address);
    return null;
  }

  /** @return why a publish is never let through: a request published would run unanswered and uncounted */
  Refusal publish() {
    return new Refusal(403, "Clients send requests; they do not publish. Send to " + String.join(", ", INBOUND) + ".");
  }

  private static Refusal notEvents(String address) {
    return new Refusal(403, "Clients may listen only on events addresses, which start with '" + EVENTS_PREFIX
      + "', and on " + Addresses.TOOLS_CHANGED + ", not on '" + address + "'.");
  }
}
