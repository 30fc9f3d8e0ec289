package dev.tunacode.host.server;

import java.util.HashSet;
import java.util.Set;

/**
 * What the bridge knows of one connection. Touched only from that connection's own context.
 */
final class ClientState {

  boolean authenticated;
  int outstanding;
  final Set<String> pendingReplies = new HashSet<>();
  final Set<String> eventAddresses = new HashSet<>();

  ClientState(boolean authenticated) {
    this.authenticated = authenticated;
  }
}
