package dev.tunacode.host.runtime;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.workspace.Workspace;
import dev.tunacode.host.plugin.LoadedPlugin;
import dev.tunacode.host.plugin.PluginFolders;
import dev.tunacode.host.plugin.PluginManager;
import dev.tunacode.host.plugin.PluginOptions;
import dev.tunacode.host.plugin.PluginReport;
import dev.tunacode.host.cluster.ClusterOptions;
import dev.tunacode.host.cluster.ClusterStart;
import dev.tunacode.host.metrics.HostMetrics;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A running host in this process: Vert.x, the plugins and the core. Used by every command.
 */
public final class HostRuntime implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 60;

  private final Vertx vertx;
  private final ToolHost host;
  private final PluginManager plugins;
  private final PluginOptions pluginOptions;
  private final HostMetrics metrics;
  private final JsonObject config;
  private final long startedNanos = System.nanoTime();
  private volatile boolean watching;
  /** The cluster this host is a member of, or null when it runs alone. */
  private final HazelcastClusterManager cluster;

  private HostRuntime(Vertx vertx, ToolHost host, PluginManager plugins, PluginOptions pluginOptions, HostMetrics metrics,
                      JsonObject config, HazelcastClusterManager cluster) {
    this.cluster = cluster;
    this.vertx = vertx;
    this.host = host;
    this.plugins = plugins;
    this.pluginOptions = pluginOptions;
    this.metrics = metrics;
    this.config = config;
  }

  /**
   * Starts a host and waits until it serves. Call it from a plain thread, never an event loop.
   *
   * @param workspace     the workspace root
   * @param pluginFolders plugin folders to load jars from
   * @param config        the merged configuration
   */
  public static HostRuntime start(Path workspace, List<Path> pluginFolders, JsonObject config) throws Exception {
    return start(workspace, pluginFolders, config, new VertxOptions());
  }

  /**
   * Starts a host on a Vert.x instance with the given options, such as tighter blocked-thread checks.
   */
  public static HostRuntime start(Path workspace, List<Path> pluginFolders, JsonObject config, VertxOptions vertxOptions)
    throws Exception {
    return start(workspace, pluginFolders, config, new HostMetrics(), vertxOptions);
  }

  /**
   * Starts a host with its configuration read from a file (through vertx-config) and the environment.
   *
   * @param configFile the configuration file, or null for the defaults
   */
  public static HostRuntime start(Path workspace, List<Path> pluginFolders, Path configFile, Map<String, String> env)
    throws Exception {
    return start(workspace, pluginFolders, configFile, env, new JsonObject());
  }

  /**
   * @param overrides merged over the configuration read, as the command line's options are
   */
  public static HostRuntime start(Path workspace, List<Path> pluginFolders, Path configFile, Map<String, String> env,
                                  JsonObject overrides) throws Exception {
    HostMetrics metrics = new HostMetrics();
    Vertx vertx = metrics.createVertx();
    JsonObject config;
    try {
      config = HostConfig.load(vertx, configFile, env).toCompletionStage().toCompletableFuture()
        .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS).mergeIn(overrides, true);
    } catch (ExecutionException e) {
      vertx.close();
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    if (!clusterOf(config).isEnabled()) {
      return start(workspace, pluginFolders, config, metrics, vertx, null);
    }
    // A clustered Vert.x is built with its cluster manager: the one that read the file gives way to it.
    vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return start(workspace, pluginFolders, config, new HostMetrics(), new VertxOptions());
  }

  private static ClusterOptions clusterOf(JsonObject config) {
    return new ClusterOptions(config.getValue("cluster") instanceof JsonObject given ? given : new JsonObject());
  }

  private static HostRuntime start(Path workspace, List<Path> pluginFolders, JsonObject config, HostMetrics metrics,
                                   VertxOptions base) throws Exception {
    ClusterOptions cluster = clusterOf(config);
    HazelcastClusterManager manager = null;
    Vertx vertx;
    if (cluster.isEnabled()) {
      manager = ClusterStart.manager(cluster);
      try {
        vertx = metrics.createClusteredVertx(ClusterStart.vertxOptions(base, cluster), manager).toCompletionStage()
          .toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IllegalArgumentException("Cannot join the cluster '" + cluster.getName() + "' on " + cluster.getHost() + ":"
          + cluster.getPort() + " (" + e.getCause().getMessage() + "). Check --cluster-host and --cluster-port, or pick a "
          + "free port.", e.getCause());
      }
    } else {
      vertx = metrics.createVertx(base);
    }
    return start(workspace, pluginFolders, config, metrics, vertx, manager);
  }

  private static HostRuntime start(Path workspace, List<Path> pluginFolders, JsonObject config, HostMetrics metrics,
                                   Vertx vertx, HazelcastClusterManager cluster) throws Exception {
    PluginManager plugins = null;
    try {
      Workspace root = new Workspace(workspace);
      HostOptions options = new HostOptions(config);
      PluginManager manager = new PluginManager(PluginFolders.trusted(pluginFolders, root.root(), options.isExecuteEnabled()),
        PluginFolders.jarFilter(root.root(), options.isExecuteEnabled()));
      plugins = manager;
      PluginOptions pluginOptions = PluginOptions.of(config);
      List<ToolPlugin> loaded = manager.loadAll().stream().filter(p -> p.plugin() != null).map(LoadedPlugin::plugin).toList();
      ToolHost host = ToolHost.start(vertx, root, options, config, loaded, metrics.tools())
        .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      metrics.watchOverdue(host.overdue());
      // The host module knows the plugins; it answers for them beside the core's addresses.
      vertx.eventBus().<Object>consumer(Addresses.PLUGINS, message -> message.reply(new JsonObject()
        .put("plugins", PluginReport.of(manager.plugins(), host))));
      manager.onChange(() -> vertx.eventBus().publish(Addresses.TOOLS_CHANGED, host.registry().describe()
        .put("plugins", PluginReport.of(manager.plugins(), host))));
      return new HostRuntime(vertx, host, manager, pluginOptions, metrics, config, cluster);
    } catch (Exception e) {
      if (plugins != null) {
        plugins.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Watches the plugin folders, when {@code plugins.watch} says so or, unset, when the host is serving.
   *
   * @param serving true for {@code serve}, false for one-shot commands
   * @return whether it watches
   */
  public boolean watchPlugins(boolean serving) {
    if (!pluginOptions.watches(serving)) {
      return false;
    }
    plugins.watch(host, pluginOptions.getSettleMs());
    watching = true;
    return true;
  }

  /** @return whether {@link #watchPlugins} started watching the plugin folders */
  public boolean watchesPlugins() {
    return watching;
  }

  /** @return the folders plugin jars are loaded from */
  public List<Path> pluginFolders() {
    return plugins.folders();
  }

  /** @return the configuration the host runs with */
  public JsonObject config() {
    return config;
  }

  /**
   * Starts the HTTP server: the bridge, health, metrics and the console. Waits until it listens.
   *
   * @param token the token clients must give
   */
  public WebServer serve(ServerOptions options, String token) throws Exception {
    WebServer server = new WebServer(options, token, metrics, this::health, host.coordinatorContext());
    try {
      vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof java.net.BindException) {
        throw new IllegalArgumentException("Cannot listen on " + options.getHost() + ":" + options.getPort() + " ("
          + e.getCause().getMessage() + "). Pick another port with --port, or --port 0 for a free one.", e.getCause());
      }
      throw e;
    }
    return server;
  }

  /** @return what {@code /health} reports */
  public JsonObject health() {
    JsonArray tools = new JsonArray();
    host.registry().all().forEach(entry -> tools.add(new JsonObject().put("name", entry.tool().name())
      .put("kind", entry.tool().kind().name()).put("plugin", entry.plugin())));
    JsonArray loaded = PluginReport.of(plugins.plugins(), host);
    return new JsonObject()
      .put("status", "UP")
      .put("uptimeMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos))
      .put("workspace", host.workspace().root().toString())
      .put("tools", tools)
      .put("plugins", loaded)
      .put("overdue", host.overdue().list())
      .put("cluster", clusterHealth());
  }

  private JsonObject clusterHealth() {
    if (cluster == null) {
      return new JsonObject().put("enabled", false).put("state", "standalone");
    }
    return new JsonObject().put("enabled", true).put("state", cluster.isActive() ? "joined" : "left")
      .put("name", config.getJsonObject("cluster", new JsonObject()).getString("name", ClusterOptions.DEFAULT_NAME))
      .put("nodeId", cluster.getNodeId()).put("members", new JsonArray(new java.util.ArrayList<>(cluster.getNodes())));
  }

  public Vertx vertx() {
    return vertx;
  }

  public ToolHost host() {
    return host;
  }

  /** @return every plugin found, as it is now: loaded, failed or unloaded */
  public List<LoadedPlugin> plugins() {
    return plugins.plugins();
  }

  @Override
  public void close() throws Exception {
    plugins.stopWatching();
    try {
      host.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      plugins.close();
    }
  }
}
