package dev.tunacode.host.cli;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Lists the plugins.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
  description = {"Lists the plugins the host found, with their version, state and tools.",
    "A plugin is a jar in plugins/ under the workspace, in ~/.tunacode/plugins, or in the folder given with "
      + "--plugins; the built-in tools are the plugin 'builtin'. A jar that could not be loaded is listed as "
      + "failed, with the reason; with --connect, a jar that has left a running host's folder is listed as unloaded.",
    "A running 'tunahost serve' watches those folders: copy a jar in and its tools are served within a second or so; "
      + "replace it and calls already running end on the old version while later ones reach the new; delete it and its "
      + "tools are gone. A jar is built against tunacode-core's SPI and may name the SPI version it needs in its "
      + "manifest (Plugin-Requires: 1.0). See docs/plugins.md.",
    "Exit code: 0, or 1 when a plugin failed to load."},
  footer = {"", "Examples:", "  tunahost plugins --plugins ./plugins", "  tunahost plugins --connect http://127.0.0.1:7878 --json"})
final class PluginsCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Option(names = "--json", description = "Print the whole tunacode.plugins reply.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (Endpoint endpoint = host.endpoint()) {
      JsonArray plugins = endpoint.request(Addresses.PLUGINS, new JsonObject()).getJsonArray("plugins");
      PrintWriter out = spec.commandLine().getOut();
      boolean failed = plugins.stream().anyMatch(p -> "failed".equals(((JsonObject) p).getString("state")));
      if (json) {
        out.println(new JsonObject().put("plugins", plugins).encodePrettily());
        return failed ? 1 : 0;
      }
      for (int i = 0; i < plugins.size(); i++) {
        JsonObject plugin = plugins.getJsonObject(i);
        String version = plugin.getString("version", "");
        out.printf("%-16s %-8s %-14s %s%n", plugin.getString("name"), plugin.getString("state"), version, plugin.getString("source"));
        if (plugin.getString("error") != null) {
          out.println("  " + plugin.getString("error"));
        } else if (plugin.getString("unloadedAt") != null) {
          out.println("  unloaded at " + plugin.getString("unloadedAt") + ", when its jar left the folder");
        } else {
          out.println("  tools: " + String.join(", ", plugin.getJsonArray("tools").stream().map(String::valueOf).toList()));
        }
        if (plugin.getLong("blockedEventLoop", 0L) > 0) {
          out.println("  held an event loop " + plugin.getLong("blockedEventLoop") + " times (see the log)");
        }
      }
      return failed ? 1 : 0;
    }
  }
}
