package dev.tunacode.core;

import dev.tunacode.core.registry.PluginCalls;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which plugins' tools a host serves, and why it serves none of some. A plugin is served whole or not at
 * all: one whose tools cannot all be served (tools() threw, a name is invalid or taken) is refused with
 * the reason, so that a client never gets half of a plugin, or one plugin's tool under another's name.
 * Every change is made under one lock, and each name moves from one version to the next in one step;
 * the plugins' own code runs before, outside it ({@link PluginOffer}).
 */
final class ServedPlugins {

  private static final Logger LOG = LoggerFactory.getLogger(ServedPlugins.class);
  /** The name of the plugin of the built-in tools, on the host's class path. */
  private static final String BUILTIN = "builtin";

  /** A plugin whose tools are served: their names, and its calls running. */
  record Served(ToolPlugin plugin, String name, List<String> names, PluginCalls calls) {
  }

  /** The old versions of replaced plugins, now out of the registry, and why each new one refused is. */
  record Replaced(List<Served> old, Map<ToolPlugin, ToolHost.Refusal> refusals) {
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
    return replace(List.of(), List.of(plugin), context).refusals().get(plugin);
  }

  /**
   * Serves new versions of plugins in place of old ones (a jar's plugins, when the jar changed): each tool
   * name of both moves to its new version in one step, whichever plugin of the new versions gives it now.
   * An old version is taken away whether or not a new one is refused: the folder's jar is what is served.
   */
  Replaced replace(List<ToolPlugin> old, List<ToolPlugin> fresh, ToolContext context) {
    synchronized (this) {
      started.addAll(fresh); // a plugin whose tools() fails half-way may have started something too
    }
    List<PluginOffer> offers = fresh.stream().map(plugin -> PluginOffer.of(plugin, context)).toList();
    synchronized (this) {
      List<Served> before = old.stream().map(served::get).filter(java.util.Objects::nonNull).toList();
      Set<PluginCalls> replacing = Collections.newSetFromMap(new IdentityHashMap<>());
      before.forEach(gone -> replacing.add(gone.calls()));
      Map<ToolPlugin, ToolHost.Refusal> refusals = new IdentityHashMap<>();
      for (PluginOffer offer : offers) {
        ToolHost.Refusal why = offer.failed() != null ? offer.failed() : conflict(offer, replacing);
        if (why != null) {
          LOG.error("Plugin {} is left out: {}", offer.plugin().getClass().getName(), why.reason());
          refused.put(offer.plugin(), why);
          refusals.put(offer.plugin(), why);
        } else {
          serve(offer, replacing);
        }
      }
      for (ToolPlugin plugin : old) {
        take(plugin);
      }
      return new Replaced(before, refusals);
    }
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

  // Each name moves to the new entry in one put, so that a call looking it up finds one version or the other.
  private void serve(PluginOffer offer, Set<PluginCalls> replacing) {
    for (ToolRegistry.Entry entry : offer.entries()) {
      ToolRegistry.Entry before = registry.get(entry.name());
      if (before != null && !replacing.contains(before.calls()) && BUILTIN.equals(before.plugin())) {
        LOG.warn("Tool {} of plugin {} replaces the built-in one (plugins.allowOverride)", entry.name(), offer.name());
        overridden.put(entry.name(), before);
      }
      registry.replace(entry);
    }
    served.put(offer.plugin(), new Served(offer.plugin(), offer.name(), offer.toolNames(), offer.calls()));
  }

  private void withdraw(List<String> names, PluginCalls calls) {
    registry.removeAll(names, calls);
    for (String name : names) {
      ToolRegistry.Entry builtin = overridden.get(name);
      if (builtin != null && registry.get(name) == null) {
        overridden.remove(name);
        registry.register(builtin);
      }
    }
  }

  /** @param replacing the calls of the versions being replaced, whose names the new ones may take */
  private ToolHost.Refusal conflict(PluginOffer offer, Set<PluginCalls> replacing) {
    for (ToolRegistry.Entry entry : offer.entries()) {
      ToolRegistry.Entry taken = registry.get(entry.name());
      if (taken == null || replacing.contains(taken.calls())) {
        continue;
      }
      if (!BUILTIN.equals(taken.plugin())) {
        return new ToolHost.Refusal("its tool '" + entry.name() + "' is already given by plugin '" + taken.plugin() + "'",
          taken.plugin());
      }
      if (!allowOverride) {
        return new ToolHost.Refusal("its tool '" + entry.name() + "' is a built-in tool; set plugins.allowOverride to true "
          + "to let a plugin replace it, or give the tool another name", null);
      }
    }
    // Plugins are told apart by name in listings and when a jar is replaced, so a name is served once.
    for (Served other : served.values()) {
      if (!replacing.contains(other.calls()) && offer.name().equals(other.name())) {
        return new ToolHost.Refusal("another plugin named '" + offer.name() + "' is already loaded", offer.name());
      }
    }
    return null;
  }
}
