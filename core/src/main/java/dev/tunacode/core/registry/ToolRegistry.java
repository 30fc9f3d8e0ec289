package dev.tunacode.core.registry;

import dev.tunacode.core.spi.Tool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The tools a host serves, by name, with the plugin each came from.
 */
public final class ToolRegistry {

  /** A tool and the plugin that gave it. */
  public record Entry(Tool tool, String plugin) {
  }

  private final Map<String, Entry> tools = new ConcurrentSkipListMap<>();
  private final Map<String, String> plugins = new ConcurrentHashMap<>();

  /**
   * @return false when a tool of that name is already registered (the first one stays)
   */
  public boolean register(Tool tool, String plugin) {
    boolean added = tools.putIfAbsent(tool.name(), new Entry(tool, plugin)) == null;
    if (added) {
      plugins.put(tool.name(), plugin);
    }
    return added;
  }

  /** Puts the tool in place of the one of that name, when configuration lets a plugin replace a built-in tool. */
  public void replace(Tool tool, String plugin) {
    tools.put(tool.name(), new Entry(tool, plugin));
    plugins.put(tool.name(), plugin);
  }

  /** @return the entry, or null */
  public Entry get(String name) {
    return name == null ? null : tools.get(name);
  }

  /** @return every entry, sorted by tool name */
  public Collection<Entry> all() {
    return tools.values();
  }

  /** @return the wire form of the tool list, sorted by name */
  public JsonObject describe() {
    JsonArray list = new JsonArray();
    for (Entry entry : tools.values()) {
      Tool tool = entry.tool();
      list.add(new JsonObject()
        .put("name", tool.name())
        .put("kind", tool.kind().name())
        .put("description", tool.description())
        .put("schema", tool.schema())
        .put("plugin", entry.plugin()));
    }
    return new JsonObject().put("tools", list);
  }
}
