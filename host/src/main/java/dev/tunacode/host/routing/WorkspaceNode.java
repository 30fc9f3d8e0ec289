package dev.tunacode.host.routing;

import dev.tunacode.core.HostAddresses;
import dev.tunacode.core.spi.ToolKind;

import java.util.Map;

/**
 * One node's host of one workspace, as the directory lists it.
 *
 * @param node      the node's id in the cluster ({@code local} for a host alone)
 * @param workspace the workspace's id
 * @param root      the workspace's folder on that node
 * @param load      calls accepted there and not yet answered, when the node last said
 * @param kinds     the kind of each tool it serves, by name
 */
public record WorkspaceNode(String node, String workspace, String root, int load, Map<String, ToolKind> kinds) {

  // Built once per node and workspace: a router asks for them on every request.
  private static final java.util.concurrent.ConcurrentMap<String, HostAddresses> ADDRESSES = new java.util.concurrent.ConcurrentHashMap<>();

  /** @return the addresses its host answers on */
  public HostAddresses addresses() {
    return ADDRESSES.computeIfAbsent(node + "\n" + workspace, key -> HostAddresses.of(node, workspace));
  }

  /** Forgets the addresses of a node that has left. */
  static void forget(String node) {
    ADDRESSES.keySet().removeIf(key -> key.startsWith(node + "\n"));
  }

  /**
   * @return whether the tool only reads there. A tool the directory does not list yet (a plugin's, loaded a
   * moment ago) is taken to write: sent to its session's node, heard, and never run twice.
   */
  public boolean readsOnly(String tool) {
    return tool != null && kinds.get(tool) == ToolKind.READ_ONLY;
  }
}
