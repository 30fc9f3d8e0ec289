package dev.tunacode.core;

/**
 * The addresses one core host answers on ({@code plugins} is answered by the host module beside it). A host alone answers the plain addresses of the wire contract.
 * Where a router stands in front (a cluster, or several workspaces in one process), each workspace's host
 * answers addresses of its own node and workspace, and the router takes the plain ones.
 *
 * @param routed whether requests come through a router, which names each batch ({@code "batchId"}) so that
 *               a call id is unique in the cluster and a write delivered twice is applied once
 */
public record HostAddresses(String tools, String call, String batch, String cancel, String plugins, String toolPrefix,
                            boolean routed) {

  /** @return the plain addresses of {@link Addresses} */
  public static HostAddresses plain() {
    return new HostAddresses(Addresses.TOOLS, Addresses.CALL, Addresses.BATCH, Addresses.CANCEL, Addresses.PLUGINS,
      Addresses.TOOL_PREFIX, false);
  }

  /** @return the addresses of one workspace's host on one node: {@code tunacode.node.<node>.ws.<workspace>.batch}, … */
  public static HostAddresses of(String node, String workspace) {
    String prefix = Addresses.NODE_PREFIX + node + ".ws." + workspace + ".";
    return new HostAddresses(prefix + "tools", prefix + "call", prefix + "batch", prefix + "cancel", prefix + "plugins",
      prefix + "tool.", true);
  }

  /**
   * @return where a router sends every call, batch and cancel for this host, each with its {@link #OP_HEADER}:
   * one address, because the clustered event bus keeps the order of messages to one address only
   */
  public String requests() {
    return batch + ".requests";
  }

  /** The header that says what a message to {@link #requests()} is: {@code call}, {@code batch} or {@code cancel}. */
  public static final String OP_HEADER = "tunacode-op";

  /** @return the address the named tool's verticle consumes */
  public String tool(String name) {
    return toolPrefix + name;
  }
}
