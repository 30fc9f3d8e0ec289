package dev.tunacode.host.plugin;

import dev.tunacode.core.ToolHost;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.ToolPlugin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plugins a host found, as {@code tunacode.plugins}, {@code /health} and {@code tunahost plugins} show
 * them: name, id and version from the manifest, where it came from, its state ({@code loaded} or
 * {@code failed} with the reason, or {@code unloaded} once its jar has gone), the tools it gives and when it
 * was loaded.
 */
public final class PluginReport {

  private PluginReport() {
  }

  /** @param host the core that serves them (or refuses to), and counts their tools' blocked event loops */
  public static JsonArray of(List<LoadedPlugin> plugins, ToolHost host) {
    ToolRegistry registry = host.registry();
    Map<ToolPlugin, ToolHost.Refusal> refused = host.refused();
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
      String error = plugin.error() != null ? plugin.error()
        : plugin.plugin() == null ? null : refusal(refused.get(plugin.plugin()), plugins, refused);
      item.put("state", plugin.unloadedAt() != null ? "unloaded" : error == null ? "loaded" : "failed");
      if (error != null) {
        item.put("error", error);
      }
      List<String> tools = new ArrayList<>();
      if (error == null && plugin.plugin() != null) {
        registry.all().forEach(entry -> {
          if (entry.plugin().equals(plugin.name())) {
            tools.add(entry.tool().name());
          }
        });
      }
      tools.sort(null);
      if (plugin.unloadedAt() != null) {
        item.put("unloadedAt", plugin.unloadedAt().toString());
      }
      long blocked = plugin.plugin() == null ? 0 : host.blockedLoops(plugin.plugin());
      if (blocked > 0) {
        item.put("blockedEventLoop", blocked);
      }
      report.add(item.put("tools", new JsonArray(new ArrayList<>(tools))).put("loadedAt", plugin.loadedAt().toString()));
    }
    return report;
  }

  // A name taken by another plugin names that plugin's jar too, so that the user sees both.
  private static String refusal(ToolHost.Refusal refusal, List<LoadedPlugin> plugins, Map<ToolPlugin, ToolHost.Refusal> refused) {
    if (refusal == null) {
      return null;
    }
    if (refusal.takenBy() == null) {
      return refusal.reason();
    }
    String where = plugins.stream().filter(p -> p.plugin() != null && !refused.containsKey(p.plugin()) && p.error() == null
        && p.name().equals(refusal.takenBy())).findFirst()
      .map(p -> p.source() == null ? "on the class path" : "in " + p.source()).orElse("");
    return refusal.reason() + (where.isEmpty() ? "" : " (" + where + ")");
  }
}
