package dev.tunacode.host.runtime;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostAddresses;
import dev.tunacode.core.ToolHost;
import dev.tunacode.host.plugin.LoadedPlugin;
import dev.tunacode.host.plugin.PluginOptions;
import dev.tunacode.host.plugin.PluginReport;
import dev.tunacode.host.cluster.ClusterOptions;
import dev.tunacode.host.cluster.ClusterStart;
import dev.tunacode.host.metrics.HostMetrics;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.routing.Directory;
import dev.tunacode.host.routing.WorkspaceRouter;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A running host in this process: Vert.x, and for each workspace it serves its plugins and core; with
 * several workspaces or in a cluster, the router in front of them. Used by every command.
 */
public final class HostRuntime implements AutoCloseable {

  /** The host's version, as {@code tunahost --version} and MCP's {@code serverInfo} give it. */
  public static final String VERSION = "0.1.0";

  private static final long START_TIMEOUT_SECONDS = 60;
  /** The node id of a host that is not in a cluster. */
  public static final String LOCAL_NODE = "local";

  private final Vertx vertx;
  private final List<ServedWorkspace> workspaces;
  private final PluginOptions pluginOptions;
  private final HostMetrics metrics;
  private final JsonObject config;
  private final long startedNanos = System.nanoTime();
  private volatile boolean watching;
  /** The cluster this host is a member of, or null when it runs alone. */
  private final HazelcastClusterManager cluster;
  private final String node;
  /** Whether the event bus between members speaks TLS (cluster.tls). */
  private final boolean tls;
  /** The router on the plain addresses, or null when one workspace is served alone. */
  private volatile WorkspaceRouter router;

  private HostRuntime(Vertx vertx, List<ServedWorkspace> workspaces, PluginOptions pluginOptions, HostMetrics metrics,
                      JsonObject config, HazelcastClusterManager cluster, String node) {
    this.cluster = cluster;
    this.vertx = vertx;
    this.workspaces = List.copyOf(workspaces);
    this.pluginOptions = pluginOptions;
    this.metrics = metrics;
    this.config = config;
    this.node = node;
    this.tls = cluster != null && clusterOf(config).getKeyStore() != null;
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
    return start(List.of(WorkspaceSpec.ofDefault(workspace)), pluginFolders, config, new HostMetrics(), vertxOptions);
  }

  /**
   * Starts a host of several workspaces (or of one, named), with the configuration given.
   */
  public static HostRuntime start(List<WorkspaceSpec> workspaces, List<Path> pluginFolders, JsonObject config) throws Exception {
    return start(workspaces, pluginFolders, config, new HostMetrics(), new VertxOptions());
  }

  /**
   * Starts a host with its configuration read from a file (through vertx-config) and the environment.
   *
   * @param configFile the configuration file, or null for the defaults
   */
  public static HostRuntime start(Path workspace, List<Path> pluginFolders, Path configFile, Map<String, String> env)
    throws Exception {
    return start(List.of(WorkspaceSpec.ofDefault(workspace)), pluginFolders, configFile, env, new JsonObject());
  }

  /**
   * @param overrides merged over the configuration read, as the command line's options are
   */
  public static HostRuntime start(List<WorkspaceSpec> workspaces, List<Path> pluginFolders, Path configFile,
                                  Map<String, String> env, JsonObject overrides) throws Exception {
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
      return start(workspaces, pluginFolders, config, metrics, vertx, null);
    }
    // A clustered Vert.x is built with its cluster manager: the one that read the file gives way to it.
    vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return start(workspaces, pluginFolders, config, new HostMetrics(), new VertxOptions());
  }

  private static ClusterOptions clusterOf(JsonObject config) {
    return new ClusterOptions(config.getValue("cluster") instanceof JsonObject given ? given : new JsonObject());
  }

  private static HostRuntime start(List<WorkspaceSpec> workspaces, List<Path> pluginFolders, JsonObject config,
                                   HostMetrics metrics, VertxOptions base) throws Exception {
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
    return start(workspaces, pluginFolders, config, metrics, vertx, manager);
  }

  private static HostRuntime start(List<WorkspaceSpec> workspaces, List<Path> pluginFolders, JsonObject config,
                                   HostMetrics metrics, Vertx vertx, HazelcastClusterManager cluster) throws Exception {
    List<ServedWorkspace> served = new ArrayList<>();
    // Several workspaces, or a cluster, put a router on the plain addresses and each workspace on its own.
    boolean routed = cluster != null || workspaces.size() > 1;
    String node = cluster != null ? cluster.getNodeId() : LOCAL_NODE;
    HostRuntime[] made = new HostRuntime[1];
    try {
      checkDistinct(workspaces);
      for (WorkspaceSpec spec : workspaces) {
        served.add(ServedWorkspace.start(vertx, spec, pluginFolders, config, metrics,
          routed ? HostAddresses.of(node, spec.id()) : HostAddresses.plain(), workspaces.size(), () -> {
            if (made[0] != null && made[0].router != null) {
              made[0].router.changed();
            }
          }));
      }
      HostRuntime runtime = new HostRuntime(vertx, served, PluginOptions.of(config), metrics, config, cluster, node);
      made[0] = runtime;
      if (routed) {
        runtime.router = new WorkspaceRouter(node, runtime::ownEntry, cluster == null ? null : cluster.getHazelcastInstance(),
          cluster == null ? null : () -> Set.copyOf(cluster.getNodes()));
        vertx.deployVerticle(runtime.router).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } else {
        vertx.eventBus().consumer(Addresses.WORKSPACES, message -> message.reply(runtime.workspacesServed()));
      }
      return runtime;
    } catch (Exception e) {
      for (ServedWorkspace workspace : served) {
        try {
          workspace.close();
        } catch (Exception ignored) {
          // the first failure is the one to report
        }
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static void checkDistinct(List<WorkspaceSpec> workspaces) {
    if (workspaces.isEmpty()) {
      throw new IllegalArgumentException("No workspace to serve: give --workspace DIR, or --workspace ID=DIR for each.");
    }
    Set<String> ids = new java.util.HashSet<>();
    for (WorkspaceSpec spec : workspaces) {
      if (!ids.add(spec.id())) {
        throw new IllegalArgumentException("The workspace id '" + spec.id() + "' is given twice; give each --workspace ID=DIR "
          + "an id of its own.");
      }
    }
  }

  /** @return this node's entry in the workspace directory */
  private JsonObject ownEntry() {
    JsonArray list = new JsonArray();
    workspaces.forEach(workspace -> list.add(workspace.entry()));
    return new JsonObject().put("node", node).put("tls", tls).put("workspaces", list);
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
    workspaces.forEach(workspace -> workspace.plugins().watch(workspace.host(), pluginOptions.getSettleMs()));
    watching = true;
    return true;
  }

  /** @return whether {@link #watchPlugins} started watching the plugin folders */
  public boolean watchesPlugins() {
    return watching;
  }

  /** @return the folders plugin jars are loaded from */
  public List<Path> pluginFolders() {
    return workspaces.get(0).plugins().folders();
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
    WebServer server = new WebServer(options, token, metrics, this::health, host().coordinatorContext());
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

  /**
   * @return what {@code /health} reports: the first workspace's tools and plugins, every workspace this host
   * serves (and in a cluster, every one the cluster serves) with its nodes, and the cluster
   */
  public JsonObject health() {
    ServedWorkspace first = workspaces.get(0);
    JsonArray tools = new JsonArray();
    first.host().registry().all().forEach(entry -> tools.add(new JsonObject().put("name", entry.tool().name())
      .put("kind", entry.tool().kind().name()).put("plugin", entry.plugin())));
    JsonArray loaded = PluginReport.of(first.plugins().plugins(), first.host());
    JsonArray overdue = new JsonArray();
    workspaces.forEach(workspace -> overdue.addAll(workspace.host().overdue().list()));
    JsonArray caches = new JsonArray();
    workspaces.forEach(workspace -> caches.add((workspace.host().cache() == null ? new JsonObject().put("enabled", false)
      : workspace.host().cache().report().put("enabled", true)).put("workspace", workspace.id())));
    // What plugins report (the index), a list by name with each workspace's.
    Map<String, JsonArray> reported = new TreeMap<>();
    workspaces.forEach(workspace -> workspace.host().reports().forEach((name, status) ->
      reported.computeIfAbsent(name, any -> new JsonArray()).add(status.copy().put("workspace", workspace.id()))));
    JsonObject health = new JsonObject()
      .put("status", "UP")
      .put("uptimeMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos))
      .put("workspace", first.host().workspace().root().toString())
      .put("workspaces", workspacesServed().getJsonArray("workspaces"))
      .put("tools", tools)
      .put("plugins", loaded)
      .put("overdue", overdue)
      .put("cache", caches)
      .put("cluster", clusterHealth());
    reported.forEach((name, statuses) -> {
      if (!health.containsKey(name)) {
        health.put(name, statuses);
      }
    });
    return health;
  }

  /** @return what {@code tunacode.workspaces} answers: each workspace served, with its nodes and their load */
  public JsonObject workspacesServed() {
    WorkspaceRouter routing = router;
    if (routing != null) {
      return routing.workspaces();
    }
    Directory alone = new Directory();
    alone.update(List.of(ownEntry()), any -> true);
    return alone.describe(served -> 0).put("node", node);
  }

  private JsonObject clusterHealth() {
    if (cluster == null) {
      return new JsonObject().put("enabled", false).put("state", "standalone");
    }
    return new JsonObject().put("enabled", true).put("state", cluster.isActive() ? "joined" : "left")
      .put("name", config.getJsonObject("cluster", new JsonObject()).getString("name", ClusterOptions.DEFAULT_NAME))
      .put("nodeId", cluster.getNodeId()).put("members", new JsonArray(new ArrayList<>(cluster.getNodes())));
  }

  public HostMetrics metrics() {
    return metrics;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** @return the first workspace's core: the only one of a host of one workspace */
  public ToolHost host() {
    return workspaces.get(0).host();
  }

  /** @return every workspace this host serves, in the order given */
  public List<ServedWorkspace> workspaces() {
    return workspaces;
  }

  /** @return this node's id: the cluster's, or {@value #LOCAL_NODE} */
  public String nodeId() {
    return node;
  }

  /** @return every plugin of the first workspace found, as it is now: loaded, failed or unloaded */
  public List<LoadedPlugin> plugins() {
    return workspaces.get(0).plugins().plugins();
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    WorkspaceRouter routing = router;
    if (routing != null) {
      try {
        vertx.undeploy(routing.deploymentID()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        first = e;
      }
    }
    for (ServedWorkspace workspace : workspaces) {
      try {
        workspace.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (first != null) {
      throw first;
    }
  }
}
