package dev.tunacode.core;

import dev.tunacode.core.coordinator.CoordinatorListener;
import dev.tunacode.core.coordinator.CoordinatorVerticle;
import dev.tunacode.core.coordinator.Overdue;
import dev.tunacode.core.pool.SharedIoPool;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.registry.ToolVerticle;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.spi.WorkspaceFiles;
import dev.tunacode.core.workspace.ConfinedFiles;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The core of a host on one Vert.x instance: the shared pool, the workspace, one verticle per tool and
 * the coordinator. The host module adds the command line, the plugin folder and the network.
 */
public final class ToolHost {

  private static final Logger LOG = LoggerFactory.getLogger(ToolHost.class);
  private static final Pattern TOOL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  /** The name of the plugin of the built-in tools, on the host's class path. */
  private static final String BUILTIN = "builtin";

  private final Vertx vertx;
  private final Workspace workspace;
  private final SharedIoPool pool;
  private final ToolRegistry registry = new ToolRegistry();
  private final List<String> deployments = new ArrayList<>();
  /** The plugins whose tools were asked for, to stop when the host closes. */
  private final List<ToolPlugin> started = new ArrayList<>();
  private final Map<ToolPlugin, Refusal> refused = new IdentityHashMap<>();
  /** plugins.allowOverride: a plugin's tool may take the place of a built-in one of the same name. */
  private boolean allowOverride;
  private volatile io.vertx.core.Context coordinatorContext;
  private volatile Overdue overdue;

  private record Context(Vertx vertx, BlockingIo io, Workspace workspace, WorkspaceFiles files, JsonObject config)
    implements HostContext {
  }

  private ToolHost(Vertx vertx, Workspace workspace, HostOptions options) {
    this.vertx = vertx;
    this.workspace = workspace;
    this.pool = new SharedIoPool(vertx, options.getIoPoolSize(), options.getIoMaxExecuteTimeSeconds(), TimeUnit.SECONDS);
  }

  /**
   * Starts the core. A plugin that fails to give its tools is logged and left out; the others still load.
   *
   * @param config the whole host configuration, handed to plugins as it is
   */
  public static Future<ToolHost> start(Vertx vertx, Workspace workspace, HostOptions options, JsonObject config,
                                       List<ToolPlugin> plugins) {
    return start(vertx, workspace, options, config, plugins, CoordinatorListener.NONE);
  }

  /**
   * Starts the core with a listener that hears every call and batch, for metrics.
   */
  public static Future<ToolHost> start(Vertx vertx, Workspace workspace, HostOptions options, JsonObject config,
                                       List<ToolPlugin> plugins, CoordinatorListener listener) {
    ToolHost host = new ToolHost(vertx, workspace, options);
    ToolContext context = new Context(vertx, host.pool, workspace, new ConfinedFiles(workspace), config);
    JsonObject pluginsConfig = config.getValue("plugins") instanceof JsonObject given ? given : new JsonObject();
    host.allowOverride = Boolean.TRUE.equals(pluginsConfig.getValue("allowOverride"));
    for (ToolPlugin plugin : plugins) {
      host.register(plugin, context);
    }
    List<Future<String>> deployed = new ArrayList<>();
    CoordinatorVerticle coordinator = new CoordinatorVerticle(host.registry, workspace, host.pool, options, listener);
    for (ToolRegistry.Entry entry : host.registry.all()) {
      deployed.add(vertx.deployVerticle(new ToolVerticle(entry.tool())));
    }
    return Future.all(deployed)
      .compose(tools -> vertx.deployVerticle(coordinator))
      .map(id -> {
        deployed.forEach(tool -> host.deployments.add(tool.result()));
        host.deployments.add(id);
        host.coordinatorContext = coordinator.context();
        host.overdue = coordinator.overdue();
        return host;
      })
      .recover(failure -> host.close().transform(closed -> Future.failedFuture(failure)));
  }

  // A plugin is served whole or not at all: one whose tools cannot all be served (tools() threw, a name
  // is invalid or taken) is refused with the reason, and none of its tools are served, so that a client
  // never gets half of a plugin, or one plugin's tool under another's name.
  private void register(ToolPlugin plugin, ToolContext context) {
    started.add(plugin); // a plugin whose tools() failed half-way may have started something too
    List<Tool> tools;
    try {
      tools = plugin.tools(context);
    } catch (RuntimeException | LinkageError e) {
      LOG.error("Plugin {} failed to give its tools and is left out", plugin.getClass().getName(), e);
      refused.put(plugin, new Refusal("its tools() failed: " + e, null));
      return;
    }
    Refusal why = whyNot(tools);
    if (why != null) {
      LOG.error("Plugin {} is left out: {}", plugin.name(), why.reason());
      refused.put(plugin, why);
      return;
    }
    for (Tool tool : tools) {
      if (!registry.register(tool, plugin.name())) {
        LOG.warn("Tool {} of plugin {} replaces the built-in one (plugins.allowOverride)", tool.name(), plugin.name());
        registry.replace(tool, plugin.name());
      }
    }
  }

  private Refusal whyNot(List<Tool> tools) {
    if (tools == null) {
      return new Refusal("its tools() returned null instead of a list", null);
    }
    Set<String> names = new HashSet<>();
    for (Tool tool : tools) {
      String name = tool == null ? null : tool.name();
      if (name == null || !TOOL_NAME.matcher(name).matches()) {
        return new Refusal("it gave a tool with an invalid name (" + (name == null ? "none" : "'" + name + "'")
          + "); a name is 1 to 64 lower case letters, digits and _, starting with a letter", null);
      }
      if (!names.add(name)) {
        return new Refusal("it gave two tools named '" + name + "'", null);
      }
      if (registry.get(name) != null) {
        String owner = registry.get(name).plugin();
        if (!BUILTIN.equals(owner)) {
          return new Refusal("its tool '" + name + "' is already given by plugin '" + owner + "'", owner);
        }
        if (!allowOverride) {
          return new Refusal("its tool '" + name + "' is a built-in tool; set plugins.allowOverride to true to let a "
            + "plugin replace it, or give the tool another name", null);
        }
      }
    }
    return null;
  }

  /**
   * Why a plugin's tools are not served.
   *
   * @param reason  in words, for listings
   * @param takenBy the plugin that already gives one of its tools' names, or null
   */
  public record Refusal(String reason, String takenBy) {
  }

  /** @return the plugins whose tools are not served, each with why; the rest are served whole */
  public Map<ToolPlugin, Refusal> refused() {
    return Collections.unmodifiableMap(refused);
  }

  /** @return the calls answered (timed out, cancelled) whose tool has not stopped after a grace; readable from any thread */
  public Overdue overdue() {
    return overdue;
  }

  /** @return the served tools */
  public ToolRegistry registry() {
    return registry;
  }

  /** @return the workspace */
  public Workspace workspace() {
    return workspace;
  }

  /**
   * @return the event loop the coordinator runs on; a server that hands it requests from this loop
   * saves a thread hop on the way in and on the way out
   */
  public io.vertx.core.Context coordinatorContext() {
    return coordinatorContext;
  }

  /** @return the shared pool's size */
  public int ioPoolSize() {
    return pool.size();
  }

  /** Undeploys the core's verticles, stops the plugins (on the pool: a plugin's stop may block) and closes the pool. */
  public Future<Void> close() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    deployments.clear();
    List<ToolPlugin> stopping = new ArrayList<>(started);
    started.clear();
    return Future.join(undeployed).<Void>mapEmpty()
      .eventually(() -> stopping.isEmpty() ? Future.succeededFuture() : pool.run(() -> {
        stopping.forEach(ToolHost::stop);
        return null;
      }))
      .eventually(() -> {
        pool.close();
        return Future.succeededFuture();
      });
  }

  private static void stop(ToolPlugin plugin) {
    try {
      plugin.stop();
    } catch (RuntimeException | LinkageError e) {
      LOG.error("Plugin {} failed to stop", plugin.name(), e);
    }
  }
}
