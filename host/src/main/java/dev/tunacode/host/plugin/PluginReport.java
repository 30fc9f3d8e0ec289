package dev.tunacode.host.plugin;

import dev.tunacode.core.registry.ToolRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The plugins a host found, as {@code tunacode.plugins}, {@code /health} and {@code tunahost plugins} show
 * them: name, id and version from the manifest, where it came from, its state ({@code loaded} or
 * {@code failed} with the reason), the tools it gives and when it was loaded.
 */
public final class PluginReport {

  private PluginReport() {
  }

  public static JsonArray of(List<LoadedPlugin> plugins, ToolRegistry registry) {
    JsonArray report = new JsonArray();
    for (LoadedPlugin plugin : plugins) {
      JsonObject item = new JsonObject().put("name", plugin.displayName())
        .put("source", plugin.source() == null ? "classpath" : plugin.source().toString());
      if (plugin.manifest().id() != null) {
        item.put("id", plugin.manifest().id());
      }
      if (plugin.manifest().version() != null) {
        item.put("version", plugin.manifest().version());
      }
      item.put("state", plugin.error() == null ? "loaded" : "failed");
      if (plugin.error() != null) {
        item.put("error", plugin.error());
      }
      List<String> tools = new ArrayList<>();
      if (plugin.plugin() != null) {
        registry.all().forEach(entry -> {
          if (entry.plugin().equals(plugin.plugin().name())) {
            tools.add(entry.tool().name());
          }
        });
      }
      tools.sort(null);
      report.add(item.put("tools", new JsonArray(new ArrayList<>(tools))).put("loadedAt", plugin.loadedAt().toString()));
    }
    return report;
  }
}
