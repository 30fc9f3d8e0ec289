package dev.tunacode.host.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connection each events address belongs to: the first that registered it or named it in a batch,
 * until that connection is gone and its last request done. Only the owner may listen on an address, name
 * it in a batch, or receive what is published there.
 */
final class EventsOwners {

  /** vertx-web's bridge takes no longer address to listen on. */
  static final int MAX_ADDRESS = 200;

  private final Map<String, ClientState> owners = new ConcurrentHashMap<>();
  private final int maxPerConnection;

  /** @param maxPerConnection the most events addresses one connection may own */
  EventsOwners(int maxPerConnection) {
    this.maxPerConnection = maxPerConnection;
  }

  /** Makes the address the client's; @return why it may not be, or null once it is */
  Refusal claim(String address, ClientState client) {
    if (address.length() > MAX_ADDRESS) {
      return new Refusal(400, "An events address is at most " + MAX_ADDRESS + " characters; this one is "
        + address.length() + ".");
    }
    if (!isOwner(address, client) && client.owned.size() >= maxPerConnection) {
      return new Refusal(429, "This connection already owns " + client.owned.size()
        + " events addresses, the most allowed. Reuse one of them.");
    }
    ClientState owner = owners.putIfAbsent(address, client);
    if (owner == null) {
      client.owned.add(address);
    } else if (owner != client) {
      return new Refusal(403, "The events address '" + address + "' belongs to another connection. Name one of your "
        + "own, such as '" + Admission.EVENTS_PREFIX + "' and a random id.");
    }
    return null;
  }

  boolean isOwner(String address, ClientState client) {
    return owners.get(address) == client;
  }

  void releaseAll(ClientState client) {
    client.owned.forEach(address -> owners.remove(address, client));
    client.owned.clear();
  }
}
