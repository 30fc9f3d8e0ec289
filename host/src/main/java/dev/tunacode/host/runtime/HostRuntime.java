package dev.tunacode.host.runtime;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.workspace.Workspace;
import dev.tunacode.host.plugin.LoadedPlugin;
import dev.tunacode.host.plugin.PluginManager;
import dev.tunacode.host.metrics.HostMetrics;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running host in this process: Vert.x, the plugins and the core. Used by every command.
 */
public final class HostRuntime implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 60;

  private final Vertx vertx;
  private final ToolHost host;
  private final List<LoadedPlugin> plugins;
  private final HostMetrics metrics;
  private final long startedNanos = System.nanoTime();

  private HostRuntime(Vertx vertx, ToolHost host, List<LoadedPlugin> plugins, HostMetrics metrics) {
    this.vertx = vertx;
    this.host = host;
    this.plugins = plugins;
    this.metrics = metrics;
  }

  /**
   * Starts a host and waits until it serves. Call it from a plain thread, never an event loop.
   *
   * @param workspace      the workspace root
   * @param pluginFolders  plugin folders to load jars from
   * @param config         the merged configuration
   */
  public static HostRuntime start(Path workspace, List<Path> pluginFolders, JsonObject config) throws Exception {
    Workspace root = new Workspace(workspace);
    HostOptions options = new HostOptions(config);
    List<LoadedPlugin> plugins = PluginManager.load(pluginFolders);
    List<ToolPlugin> loaded = plugins.stream().filter(p -> p.plugin() != null).map(LoadedPlugin::plugin).toList();
    HostMetrics metrics = new HostMetrics();
    Vertx vertx = metrics.createVertx();
    try {
      ToolHost host = ToolHost.start(vertx, root, options, config, loaded, metrics.tools())
        .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new HostRuntime(vertx, host, plugins, metrics);
    } catch (Exception e) {
      vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * Starts the HTTP server: the bridge, health, metrics and the console. Waits until it listens.
   *
   * @param token the token clients must give
   */
  public WebServer serve(ServerOptions options, String token) throws Exception {
    WebServer server = new WebServer(options, token, metrics, this::health);
    vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return server;
  }

  /** @return what {@code /health} reports */
  public JsonObject health() {
    JsonArray tools = new JsonArray();
    host.registry().all().forEach(entry -> tools.add(new JsonObject().put("name", entry.tool().name())
      .put("kind", entry.tool().kind().name()).put("plugin", entry.plugin())));
    JsonArray loaded = new JsonArray();
    for (LoadedPlugin plugin : plugins) {
      JsonObject item = new JsonObject().put("name", plugin.displayName())
        .put("source", plugin.source() == null ? "classpath" : plugin.source().toString());
      if (plugin.error() != null) {
        item.put("error", plugin.error());
      }
      loaded.add(item);
    }
    return new JsonObject()
      .put("status", "UP")
      .put("uptimeMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos))
      .put("workspace", host.workspace().root().toString())
      .put("tools", tools)
      .put("plugins", loaded)
      .put("cluster", new JsonObject().put("enabled", false).put("state", "standalone"));
  }

  public Vertx vertx() {
    return vertx;
  }

  public ToolHost host() {
    return host;
  }

  public List<LoadedPlugin> plugins() {
    return plugins;
  }

  @Override
  public void close() throws Exception {
    host.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
