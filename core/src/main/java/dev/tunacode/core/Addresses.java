package dev.tunacode.core;

/**
 * The event-bus addresses of the wire contract (see docs/wire.md).
 */
public final class Addresses {

  /** {@code {}} → {@code {"tools":[...]}} */
  public static final String TOOLS = "tunacode.tools";
  /** one call → one result object */
  public static final String CALL = "tunacode.call";
  /** a batch → results in call order and stats */
  public static final String BATCH = "tunacode.batch";
  /** the calls of a batch, of one call of it, of a session or of a connection → how many were cancelled */
  public static final String CANCEL = "tunacode.cancel";
  /** Lists the plugins the host found, with their state and tools; answered by the host module. */
  public static final String PLUGINS = "tunacode.plugins";
  /**
   * Published when the tools served change (a plugin jar came, changed or went):
   * {@code {"tools":[...],"plugins":[...]}}, as {@link #TOOLS} and {@link #PLUGINS} would answer then.
   */
  public static final String TOOLS_CHANGED = "tunacode.tools.changed";
  /** Lists the workspaces served, with the nodes that serve each and their load; answered by the host module. */
  public static final String WORKSPACES = "tunacode.workspaces";
  /** prefix of every node's own addresses; internal, not reachable over the bridge */
  public static final String NODE_PREFIX = "tunacode.node.";
  /** prefix of each tool's own address; internal, not reachable over the bridge */
  public static final String TOOL_PREFIX = "tunacode.tool.";

  private Addresses() {
  }

  /** @return the address the named tool's verticle consumes */
  public static String tool(String name) {
    return TOOL_PREFIX + name;
  }
}
