package dev.tunacode.host.runtime;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostAddresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.workspace.Workspace;
import dev.tunacode.host.metrics.HostMetrics;
import dev.tunacode.host.plugin.LoadedPlugin;
import dev.tunacode.host.plugin.PluginFolders;
import dev.tunacode.host.plugin.PluginManager;
import dev.tunacode.host.plugin.PluginReport;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One workspace a host serves: its folder, the plugins loaded for it (each workspace has instances of its
 * own, started with its own context) and its core.
 */
public final class ServedWorkspace {

  private static final long START_TIMEOUT_SECONDS = 60;

  private final ToolHost host;
  private final PluginManager plugins;
  private final MessageConsumer<Object> pluginsConsumer;

  private ServedWorkspace(ToolHost host, PluginManager plugins, MessageConsumer<Object> pluginsConsumer) {
    this.host = host;
    this.plugins = plugins;
    this.pluginsConsumer = pluginsConsumer;
  }

  /**
   * Starts the workspace's plugins and core and waits until it serves. Blocking.
   *
   * @param served  how many workspaces this process serves: they share the result cache's bound equally
   * @param changed told each time its tools have changed
   */
  static ServedWorkspace start(Vertx vertx, WorkspaceSpec spec, List<Path> pluginFolders, JsonObject config, HostMetrics metrics,
                               HostAddresses addresses, int served, Runnable changed) throws Exception {
    Workspace root = new Workspace(spec.id(), spec.root());
    HostOptions options = new HostOptions(config);
    options.getCache().setWorkspaces(served);
    PluginManager manager = new PluginManager(PluginFolders.trusted(pluginFolders, root.root(), options.isExecuteEnabled()),
      PluginFolders.jarFilter(root.root(), options.isExecuteEnabled()));
    try {
      List<ToolPlugin> loaded = manager.loadAll().stream().filter(p -> p.plugin() != null).map(LoadedPlugin::plugin).toList();
      ToolHost host = ToolHost.start(vertx, root, options, config, loaded, metrics.tools(), addresses)
        .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      metrics.watchOverdue(host.overdue());
      // The host module knows the plugins; it answers for them beside the core's addresses.
      MessageConsumer<Object> pluginsConsumer = vertx.eventBus().consumer(addresses.plugins(), message -> message.reply(
        new JsonObject().put("plugins", PluginReport.of(manager.plugins(), host))));
      manager.onChange(() -> {
        vertx.eventBus().publish(Addresses.TOOLS_CHANGED, host.registry().describe()
          .put("plugins", PluginReport.of(manager.plugins(), host)).put("workspace", root.id()));
        changed.run();
      });
      return new ServedWorkspace(host, manager, pluginsConsumer);
    } catch (Exception e) {
      manager.close();
      throw e;
    }
  }

  /** @return its id */
  public String id() {
    return host.workspace().id();
  }

  /** @return its core */
  public ToolHost host() {
    return host;
  }

  /** @return its plugin manager */
  public PluginManager plugins() {
    return plugins;
  }

  /** @return its entry in the workspace directory: {@code {"id","root","load","tools":{name:kind}}} */
  public JsonObject entry() {
    JsonObject tools = new JsonObject();
    host.registry().all().forEach(tool -> tools.put(tool.name(), tool.kind().name()));
    return new JsonObject().put("id", id()).put("root", host.workspace().root().toString()).put("load", host.load()).put("tools", tools);
  }

  /** Stops its core, then closes its plugins' class loaders. Blocking. */
  void close() throws Exception {
    plugins.stopWatching();
    try {
      pluginsConsumer.unregister();
      host.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      plugins.close();
    }
  }
}
