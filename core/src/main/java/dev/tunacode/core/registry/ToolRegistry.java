package dev.tunacode.core.registry;

import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The tools a host serves, by name, with the plugin each came from. Plugins come and go while calls
 * run: lookups may happen on any thread, and each name always leads to one version of its tool or to
 * none, never to half of a change.
 */
public final class ToolRegistry {

  /**
   * A tool, the plugin that gave it, and that plugin's running calls, with what the tool said of itself
   * when it was registered. A plugin's getters are its own code and may fail or change later: the host
   * asks them once, and every listing, check and plan reads these.
   *
   * @param calls  shared by every tool of one loaded plugin
   * @param schema calls are checked against it, and must not change it
   */
  public record Entry(Tool tool, String plugin, PluginCalls calls, String name, ToolKind kind, String description,
                      JsonObject schema, JsonObject outputSchema, long timeoutMs, boolean cacheable) {

    /**
     * Asks the tool for its name, kind, description, schemas, time limit and whether its outputs may be
     * reused, once.
     *
     * @throws RuntimeException or Error: whatever the tool's own getters throw
     */
    public static Entry of(Tool tool, String plugin, PluginCalls calls) {
      JsonObject outputSchema = tool.outputSchema();
      if (outputSchema == null || !"object".equals(outputSchema.getValue("type"))) {
        // MCP clients check every result against it, and a result's fields are always an object.
        throw new IllegalArgumentException("Tool '" + tool.name() + "': outputSchema() must give a JSON schema whose "
          + "\"type\" is \"object\", or leave the default (any object).");
      }
      return new Entry(tool, plugin, calls, tool.name(), tool.kind(), tool.description(), tool.schema(),
        outputSchema, tool.defaultTimeoutMs(), tool.kind() == ToolKind.READ_ONLY && tool.cacheable());
    }
  }

  private final Map<String, Entry> tools = new ConcurrentSkipListMap<>();

  /**
   * @return false when a tool of that name is already registered (the first one stays)
   */
  public boolean register(Entry entry) {
    return tools.putIfAbsent(entry.name(), entry) == null;
  }

  /** Puts the entry in place of the one of its name, if any: a replaced plugin, or a built-in tool overridden. */
  public void replace(Entry entry) {
    tools.put(entry.name(), entry);
  }

  /** Takes away each of these names that is still served by the plugin whose calls these are. */
  public void removeAll(List<String> names, PluginCalls calls) {
    for (String name : names) {
      tools.computeIfPresent(name, (key, entry) -> entry.calls() == calls ? null : entry);
    }
  }

  /** @return the entry, or null */
  public Entry get(String name) {
    return name == null ? null : tools.get(name);
  }

  /**
   * Lets a call into the version of a tool it was planned for or, when that version has been retired
   * since, into the one now served under its name.
   *
   * @return the entry the call now counts in (leave it with {@link PluginCalls#exit}), or null when its
   * tool is no longer served
   */
  public Entry enter(Entry planned) {
    if (planned.calls().enter()) {
      return planned;
    }
    Entry now = tools.get(planned.name());
    // A tool being replaced is retired only after its successor is in place, so one look suffices.
    return now != null && now.calls().enter() ? now : null;
  }

  /** @return every entry, sorted by tool name */
  public Collection<Entry> all() {
    return tools.values();
  }

  /** @return the wire form of the tool list, sorted by name */
  public JsonObject describe() {
    JsonArray list = new JsonArray();
    for (Entry entry : tools.values()) {
      list.add(new JsonObject()
        .put("name", entry.name())
        .put("kind", entry.kind().name())
        .put("description", entry.description())
        .put("schema", entry.schema().copy())
        .put("outputSchema", entry.outputSchema().copy())
        .put("plugin", entry.plugin()));
    }
    return new JsonObject().put("tools", list);
  }
}
