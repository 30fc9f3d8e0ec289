package dev.tunacode.host.routing;

import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Which node serves which workspace, as last read: a snapshot, replaced whole, so that routing reads it
 * without a lock and without a round trip to the cluster.
 * <p>
 * Each node publishes one entry: {@code {"node","workspaces":[{"id","root","load","tools":{name:kind}}]}}.
 */
public final class Directory {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Directory.class);

  private volatile List<WorkspaceNode> nodes = List.of();
  private volatile boolean tls;
  /** The same, by workspace: routing asks for one workspace's nodes on every request. */
  private volatile Map<String, List<WorkspaceNode>> byWorkspace = Map.of();

  /**
   * Replaces the snapshot with these entries, leaving out the nodes that are not alive.
   *
   * @param alive whether a node is a member now; an entry left by a node that died is not routed to
   */
  /**
   * @param tls whether this node's event bus speaks TLS: a node that does not speak as it does cannot be
   *            reached (its handshake fails, and a message sent there would wait for its timeout), so its
   *            entry is left out
   */
  public void setTls(boolean tls) {
    this.tls = tls;
  }

  public void update(Collection<JsonObject> entries, Predicate<String> alive) {
    List<WorkspaceNode> read = new ArrayList<>();
    for (JsonObject entry : entries) {
      // An entry this node cannot read (a newer version's, a broken one) is left out, not the whole directory.
      try {
        String node = entry.getString("node");
        if (node == null || !alive.test(node) || entry.getBoolean("tls", false) != tls) {
          continue;
        }
        for (Object served : entry.getJsonArray("workspaces", new JsonArray())) {
          read.add(parse(node, (JsonObject) served));
        }
      } catch (RuntimeException e) {
        LOG.warn("Left out a directory entry that cannot be read ({}): {}", e.toString(), entry.encode());
      }
    }
    read.sort(java.util.Comparator.comparing(WorkspaceNode::workspace).thenComparing(WorkspaceNode::node));
    set(read);
  }

  private void set(List<WorkspaceNode> read) {
    Map<String, List<WorkspaceNode>> grouped = new HashMap<>();
    read.forEach(served -> grouped.computeIfAbsent(served.workspace(), id -> new ArrayList<>()).add(served));
    grouped.replaceAll((id, list) -> List.copyOf(list));
    nodes = List.copyOf(read);
    byWorkspace = Map.copyOf(grouped);
  }

  /** Drops one node's host of a workspace until the map is read again: it answered that it has none. */
  public void drop(String node, String workspace) {
    set(nodes.stream().filter(served -> !(served.node().equals(node) && served.workspace().equals(workspace))).toList());
  }

  /** Drops a node at once, before the cluster's map says so. */
  public void forget(String node) {
    set(nodes.stream().filter(served -> !served.node().equals(node)).toList());
  }

  private static WorkspaceNode parse(String node, JsonObject served) {
    Map<String, ToolKind> kinds = new HashMap<>();
    // A kind this version does not know is no read.
    served.getJsonObject("tools", new JsonObject()).forEach(tool -> kinds.put(tool.getKey(),
      "READ_ONLY".equals(tool.getValue()) ? ToolKind.READ_ONLY : ToolKind.WRITE));
    return new WorkspaceNode(node, served.getString("id"), served.getString("root"), served.getInteger("load", 0), Map.copyOf(kinds));
  }

  /** @return the nodes that serve the workspace, in node order */
  public List<WorkspaceNode> serving(String workspace) {
    return byWorkspace.getOrDefault(workspace, List.of());
  }

  /** @return every workspace served and every node of each */
  public List<WorkspaceNode> all() {
    return nodes;
  }

  /** @return the ids of the workspaces served, sorted */
  public TreeSet<String> workspaces() {
    TreeSet<String> ids = new TreeSet<>();
    nodes.forEach(served -> ids.add(served.workspace()));
    return ids;
  }

  /**
   * @param inFlight calls this router has sent a node and not had answered
   * @return {@code {"workspaces":[{"id","nodes":[{"node","root","load"}]}]}}, each node's load the larger of
   * what it last said and what this router has in flight there
   */
  public JsonObject describe(ToIntFunction<WorkspaceNode> inFlight) {
    Map<String, JsonArray> byWorkspace = new TreeMap<>();
    for (WorkspaceNode served : nodes) {
      byWorkspace.computeIfAbsent(served.workspace(), id -> new JsonArray()).add(new JsonObject().put("node", served.node())
        .put("root", served.root()).put("load", Math.max(served.load(), inFlight.applyAsInt(served)))
        .put("tools", served.kinds().size()));
    }
    JsonArray workspaces = new JsonArray();
    byWorkspace.forEach((id, list) -> workspaces.add(new JsonObject().put("id", id).put("nodes", list)));
    return new JsonObject().put("workspaces", workspaces);
  }
}
