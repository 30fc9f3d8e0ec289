package dev.tunacode.core;

import dev.tunacode.core.registry.PluginCalls;
import dev.tunacode.core.registry.PluginClassLoaders;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.schema.SchemaCheck;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a plugin offers: its name and its tools, each asked for its name, kind, description, schema and
 * time limit once, and checked on its own; or why it offers nothing. Made outside any lock, since it runs
 * the plugin's own code, which may be slow or fail in any way.
 *
 * @param entries the tools as the registry will hold them, all counting in {@code calls}
 * @param failed  why the plugin cannot be served, whatever else is served; or null
 */
record PluginOffer(ToolPlugin plugin, String name, List<ToolRegistry.Entry> entries, PluginCalls calls,
                   ToolHost.Refusal failed) {

  private static final Logger LOG = LoggerFactory.getLogger(PluginOffer.class);
  private static final Pattern TOOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  static PluginOffer of(ToolPlugin plugin, ToolContext context) {
    String name;
    try {
      name = plugin.name();
    } catch (RuntimeException | Error e) {
      return refused(plugin, "?", "its name() failed: " + rootOf(e));
    }
    if (name == null || name.isBlank()) {
      return refused(plugin, "?", "its name() gave no name; give a short, stable one, such as 'my-tools'");
    }
    List<Tool> tools;
    try (PluginClassLoaders seen = PluginClassLoaders.enter(plugin)) {
      tools = plugin.tools(context);
    } catch (RuntimeException | Error e) {
      LOG.error("Plugin {} failed to give its tools", plugin.getClass().getName(), e);
      return refused(plugin, name, "its tools() failed: " + rootOf(e));
    }
    if (tools == null) {
      return refused(plugin, name, "its tools() returned null instead of a list");
    }
    PluginCalls calls = new PluginCalls();
    List<ToolRegistry.Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Tool tool : List.copyOf(tools)) {
      ToolRegistry.Entry entry;
      try {
        entry = ToolRegistry.Entry.of(tool, name, calls);
      } catch (RuntimeException | Error e) {
        return refused(plugin, name, "one of its tools failed to describe itself: " + rootOf(e));
      }
      String why = whyUnfit(entry, names);
      if (why != null) {
        return refused(plugin, name, why);
      }
      entries.add(entry);
    }
    return new PluginOffer(plugin, name, List.copyOf(entries), calls, null);
  }

  private static String whyUnfit(ToolRegistry.Entry entry, Set<String> names) {
    String tool = entry.name();
    if (tool == null || !TOOL_NAME.matcher(tool).matches()) {
      return "it gave a tool with an invalid name (" + (tool == null ? "none" : "'" + tool + "'")
        + "); a name is 1 to 64 lower case letters, digits and _, starting with a letter";
    }
    if (!names.add(tool)) {
      return "it gave two tools named '" + tool + "'";
    }
    if (entry.kind() == null) {
      return "its tool '" + tool + "' has no kind; give ToolKind.READ_ONLY, WRITE or EXECUTE";
    }
    String schema = SchemaCheck.whyInvalid(entry.schema());
    return schema == null ? null : "its tool '" + tool + "' has a schema the host cannot check arguments against: " + schema;
  }

  private static PluginOffer refused(ToolPlugin plugin, String name, String why) {
    return new PluginOffer(plugin, name, List.of(), null, new ToolHost.Refusal(why, null));
  }

  // A tool whose ToolSpec refused its name or schema fails in its class's initializer; its reason is the cause.
  private static Throwable rootOf(Throwable failure) {
    return failure instanceof ExceptionInInitializerError init && init.getCause() != null ? init.getCause() : failure;
  }

  /** @return the names of its tools, in the order it gave them */
  List<String> toolNames() {
    return entries.stream().map(ToolRegistry.Entry::name).toList();
  }
}
