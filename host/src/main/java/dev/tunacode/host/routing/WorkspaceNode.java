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

  /** @return the addresses its host answers on */
  public HostAddresses addresses() {
    return HostAddresses.of(node, workspace);
  }

  /** @return whether the tool only reads there; a tool it does not serve reads nothing either (UNKNOWN_TOOL) */
  public boolean readsOnly(String tool) {
    ToolKind kind = tool == null ? null : kinds.get(tool);
    return kind == null || kind == ToolKind.READ_ONLY;
  }
}
