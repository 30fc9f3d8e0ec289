package dev.tunacode.host.server;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the bridge knows of one connection. Touched only from that connection's own context.
 */
final class ClientState {

  /** Names this connection to the coordinator, so that its calls can be cancelled when it goes. */
  final String connection = UUID.randomUUID().toString();
  /** The session of this connection's requests that name none: the connection's calls keep one order. */
  final String session = "bridge:" + connection;
  boolean authenticated;
  /** Counted by {@link PreAuthGate} until it gives its token or goes. */
  boolean awaitingToken;
  boolean closed;
  private int outstanding;
  /** Reply addresses of the requests the host has not finished, each with how many wait on it. */
  private final Map<String, Integer> waiting = new HashMap<>();
  /** Reply addresses the guard gave requests sent without one: their replies are not the client's to see. */
  private final Set<String> ownReplyAddresses = new HashSet<>();
  /** The events addresses this connection owns (see {@link EventsOwners}). */
  final Set<String> owned = new HashSet<>();
  /** Live output left out while this connection does not read. */
  final StalledOutput stalled = new StalledOutput();
  /** Writes this connection's frames that the bridge cannot; made at the first frame out. */
  OutboundFrames output;
  /** The events addresses this connection listens on. */
  final Set<String> listening = new HashSet<>();

  ClientState(boolean authenticated) {
    this.authenticated = authenticated;
  }

  /** @return the requests the host has not finished */
  int outstanding() {
    return outstanding;
  }

  /** A request was let through; its reply will come to {@code replyAddress}. */
  void sent(String replyAddress, boolean ownAddress) {
    outstanding++;
    waiting.merge(replyAddress, 1, Integer::sum);
    if (ownAddress) {
      ownReplyAddresses.add(replyAddress);
    }
  }

  /** @return whether a request of this connection was waiting on the address, and is now done */
  boolean finished(String replyAddress) {
    Integer count = waiting.get(replyAddress);
    if (count == null) {
      return false;
    }
    if (count == 1) {
      waiting.remove(replyAddress);
    } else {
      waiting.put(replyAddress, count - 1);
    }
    outstanding--;
    return true;
  }

  /** @return whether the address is one the guard gave a request, forgetting it */
  boolean ownReplyAddress(String replyAddress) {
    return ownReplyAddresses.remove(replyAddress);
  }
}
