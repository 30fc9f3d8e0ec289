package dev.tunacode.host.runtime;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.workspace.Workspace;
import dev.tunacode.host.plugin.LoadedPlugin;
import dev.tunacode.host.plugin.PluginManager;
import io.vertx.core.Vertx;
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

  private HostRuntime(Vertx vertx, ToolHost host, List<LoadedPlugin> plugins) {
    this.vertx = vertx;
    this.host = host;
    this.plugins = plugins;
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
    Vertx vertx = Vertx.vertx();
    try {
      ToolHost host = ToolHost.start(vertx, root, options, config, loaded)
        .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new HostRuntime(vertx, host, plugins);
    } catch (Exception e) {
      vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw e;
    }
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
