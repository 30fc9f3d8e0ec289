package dev.tunacode.core;

import dev.tunacode.core.registry.PluginCalls;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.schema.SchemaCheck;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which plugins' tools a host serves, and why it serves none of some. A plugin is served whole or not at
 * all: one whose tools cannot all be served (tools() threw, a name is invalid or taken) is refused with
 * the reason, so that a client never gets half of a plugin, or one plugin's tool under another's name.
 * Every change is made under one lock, and each name moves from one version to the next in one step.
 */
final class ServedPlugins {

  private static final Logger LOG = LoggerFactory.getLogger(ServedPlugins.class);
  private static final Pattern TOOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  /** The name of the plugin of the built-in tools, on the host's class path. */
  private static final String BUILTIN = "builtin";

  /** A plugin whose tools are served: their names, and its calls running. */
  record Served(ToolPlugin plugin, List<String> names, PluginCalls calls) {
  }

  private final ToolRegistry registry;
  private final boolean allowOverride;
  private final Map<ToolPlugin, Served> served = new IdentityHashMap<>();
  private final Map<ToolPlugin, ToolHost.Refusal> refused = new IdentityHashMap<>();
  /** Built-in tools a plugin has taken the place of, to serve again when it goes. */
  private final Map<String, ToolRegistry.Entry> overridden = new HashMap<>();
  /** The plugins asked for their tools and not yet stopped. */
  private final List<ToolPlugin> started = new ArrayList<>();

  ServedPlugins(ToolRegistry registry, boolean allowOverride) {
    this.registry = registry;
    this.allowOverride = allowOverride;
  }

  /** @return why the plugin is refused, or null when all its tools are now served */
  ToolHost.Refusal add(ToolPlugin plugin, ToolContext context) {
    Given given = toolsOf(plugin, context);
    synchronized (this) {
      ToolHost.Refusal why = check(plugin, given, null);
      if (why != null) {
        refuse(plugin, why);
        return why;
      }
      serve(plugin, given.tools(), null);
      return null;
    }
  }

  /**
   * Serves a new version of a plugin in place of the old: each name of both moves to the new version in
   * one step. When the new version is refused, the old one is taken away all the same (the folder's jar
   * is what the host serves).
   *
   * @return the old version, now out of the registry (null when it was not served), and why the new one is refused
   */
  Replaced replace(ToolPlugin old, ToolPlugin fresh, ToolContext context) {
    Given given = toolsOf(fresh, context);
    synchronized (this) {
      return replace(old, fresh, given);
    }
  }

  private Replaced replace(ToolPlugin old, ToolPlugin fresh, Given given) {
    Served before = served.get(old);
    ToolHost.Refusal why = check(fresh, given, before == null ? null : before.calls());
    if (why != null) {
      refuse(fresh, why);
      return new Replaced(take(old), why);
    }
    List<String> names = serve(fresh, given.tools(), before == null ? null : before.calls());
    refused.remove(old);
    if (before != null) {
      served.remove(old);
      started.remove(old);
      List<String> gone = new ArrayList<>(before.names());
      gone.removeAll(names);
      withdraw(gone, before.calls());
    }
    return new Replaced(before, null);
  }

  /** The old version of a replaced plugin, and why the new one is refused (null when it is served). */
  record Replaced(Served old, ToolHost.Refusal refusal) {
  }

  /** @return the plugin, now out of the registry with none of its tools served, or null when it was not served */
  synchronized Served take(ToolPlugin plugin) {
    refused.remove(plugin);
    started.remove(plugin);
    Served gone = served.remove(plugin);
    if (gone != null) {
      withdraw(gone.names(), gone.calls());
    }
    return gone;
  }

  /** @return every plugin asked for its tools and not yet stopped; none are left after */
  synchronized List<ToolPlugin> takeStarted() {
    List<ToolPlugin> all = new ArrayList<>(started);
    started.clear();
    return all;
  }

  synchronized long blockedLoops(ToolPlugin plugin) {
    Served serving = served.get(plugin);
    return serving == null ? 0 : serving.calls().blockedLoops();
  }

  synchronized Map<ToolPlugin, ToolHost.Refusal> refused() {
    return Collections.unmodifiableMap(new IdentityHashMap<>(refused));
  }

  private void withdraw(List<String> names, PluginCalls calls) {
    registry.removeAll(names, calls);
    for (String name : names) {
      ToolRegistry.Entry builtin = overridden.remove(name);
      if (builtin != null && registry.get(name) == null) {
        registry.register(builtin.tool(), builtin.plugin(), builtin.calls());
      }
    }
  }

  private void refuse(ToolPlugin plugin, ToolHost.Refusal why) {
    LOG.error("Plugin {} is left out: {}", plugin.getClass().getName(), why.reason());
    refused.put(plugin, why);
  }

  // Each name moves to the new tool in one put, so that a call looking it up finds one version or the other.
  private List<String> serve(ToolPlugin plugin, List<Tool> tools, PluginCalls replacing) {
    PluginCalls calls = new PluginCalls();
    for (Tool tool : tools) {
      ToolRegistry.Entry before = registry.get(tool.name());
      if (before != null && before.calls() != replacing && BUILTIN.equals(before.plugin())) {
        LOG.warn("Tool {} of plugin {} replaces the built-in one (plugins.allowOverride)", tool.name(), plugin.name());
        overridden.put(tool.name(), before);
      }
      registry.replace(tool, plugin.name(), calls);
    }
    List<String> names = tools.stream().map(Tool::name).toList();
    served.put(plugin, new Served(plugin, names, calls));
    return names;
  }

  /** What tools() gave, or why it gave nothing. */
  private record Given(List<Tool> tools, ToolHost.Refusal failed) {
  }

  // Called outside the lock: a plugin's tools() that takes long holds back no other plugin's change,
  // nor the host's close. A plugin whose tools() failed half-way may have started something too, so it
  // is stopped as well.
  private Given toolsOf(ToolPlugin plugin, ToolContext context) {
    synchronized (this) {
      started.add(plugin);
    }
    try {
      return new Given(plugin.tools(context), null);
    } catch (RuntimeException | LinkageError e) {
      LOG.error("Plugin {} failed to give its tools", plugin.getClass().getName(), e);
      return new Given(null, new ToolHost.Refusal("its tools() failed: " + rootOf(e), null));
    }
  }

  private ToolHost.Refusal check(ToolPlugin plugin, Given given, PluginCalls replacing) {
    if (given.failed() != null) {
      return given.failed();
    }
    ToolHost.Refusal why = whyNot(given.tools(), replacing);
    return why != null ? why : nameTaken(plugin, replacing);
  }

  // Plugins are told apart by name in listings and when a jar is replaced, so a name is served once.
  private ToolHost.Refusal nameTaken(ToolPlugin plugin, PluginCalls replacing) {
    String name;
    try {
      name = plugin.name();
    } catch (RuntimeException | LinkageError e) {
      return new ToolHost.Refusal("its name() failed: " + rootOf(e), null);
    }
    if (name == null || name.isBlank()) {
      return new ToolHost.Refusal("its name() gave no name; give a short, stable one, such as 'my-tools'", null);
    }
    for (Served other : served.values()) {
      if (other.calls() != replacing && name.equals(other.plugin().name())) {
        return new ToolHost.Refusal("another plugin named '" + name + "' is already loaded", name);
      }
    }
    return null;
  }

  // A tool whose ToolSpec refused its name or schema fails in its class's initializer; its reason is the cause.
  private static Throwable rootOf(Throwable failure) {
    return failure instanceof ExceptionInInitializerError init && init.getCause() != null ? init.getCause() : failure;
  }

  /** @return why this tool cannot be served, or null; its own getters are plugin code and may fail too */
  private static String whyNot(Tool tool, String name) {
    try {
      if (tool.kind() == null) {
        return "its tool '" + name + "' has no kind; give ToolKind.READ_ONLY, WRITE or EXECUTE";
      }
      String schema = SchemaCheck.whyInvalid(tool.schema());
      return schema == null ? null : "its tool '" + name + "' has a schema the host cannot check arguments against: " + schema;
    } catch (RuntimeException | LinkageError e) {
      return "its tool '" + name + "' failed to describe itself: " + rootOf(e);
    }
  }

  /** @param replacing the calls of the version being replaced, whose names the new one may take; or null */
  private ToolHost.Refusal whyNot(List<Tool> tools, PluginCalls replacing) {
    if (tools == null) {
      return new ToolHost.Refusal("its tools() returned null instead of a list", null);
    }
    Set<String> names = new HashSet<>();
    for (Tool tool : tools) {
      String name;
      try {
        name = tool == null ? null : tool.name();
      } catch (RuntimeException | LinkageError e) {
        return new ToolHost.Refusal("one of its tools failed to give its name: " + rootOf(e), null);
      }
      if (name == null || !TOOL_NAME.matcher(name).matches()) {
        return new ToolHost.Refusal("it gave a tool with an invalid name (" + (name == null ? "none" : "'" + name + "'")
          + "); a name is 1 to 64 lower case letters, digits and _, starting with a letter", null);
      }
      if (!names.add(name)) {
        return new ToolHost.Refusal("it gave two tools named '" + name + "'", null);
      }
      String unfit = whyNot(tool, name);
      if (unfit != null) {
        return new ToolHost.Refusal(unfit, null);
      }
      ToolRegistry.Entry taken = registry.get(name);
      if (taken == null || taken.calls() == replacing) {
        continue;
      }
      if (!BUILTIN.equals(taken.plugin())) {
        return new ToolHost.Refusal("its tool '" + name + "' is already given by plugin '" + taken.plugin() + "'", taken.plugin());
      }
      if (!allowOverride) {
        return new ToolHost.Refusal("its tool '" + name + "' is a built-in tool; set plugins.allowOverride to true to let a "
          + "plugin replace it, or give the tool another name", null);
      }
    }
    return null;
  }
}
