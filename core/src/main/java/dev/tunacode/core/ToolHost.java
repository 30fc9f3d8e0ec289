package dev.tunacode.core;

import dev.tunacode.core.cache.CachingCallRunner;
import dev.tunacode.core.cache.RecordingCallRunner;
import dev.tunacode.core.cache.ResultCache;
import dev.tunacode.core.cache.TreeChanges;
import dev.tunacode.core.cache.WorkspaceChanges;
import dev.tunacode.core.coordinator.CallRunner;
import dev.tunacode.core.coordinator.CoordinatorListener;
import dev.tunacode.core.coordinator.CoordinatorVerticle;
import dev.tunacode.core.coordinator.LocalCallRunner;
import dev.tunacode.core.coordinator.LoopWatch;
import dev.tunacode.core.coordinator.Overdue;
import dev.tunacode.core.pool.SharedIoPool;
import dev.tunacode.core.registry.PluginClassLoaders;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.registry.ToolVerticle;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.spi.WorkspaceFiles;
import dev.tunacode.core.workspace.ConfinedFiles;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * The core of a host on one Vert.x instance: the shared pool, the workspace, one verticle per tool and
 * the coordinator. The host module adds the command line, the plugin folder and the network.
 */
public final class ToolHost {

  private static final Logger LOG = LoggerFactory.getLogger(ToolHost.class);
  /** How long a plugin's stop() is waited for. */
  private static final long STOP_GRACE_MS = 10_000;
  /** How long an unloaded plugin's calls may go on before it is stopped all the same. */
  public static final long DEFAULT_UNLOAD_GRACE_MS = 60_000;

  private final Vertx vertx;
  private final Workspace workspace;
  private final SharedIoPool pool;
  private final ToolRegistry registry = new ToolRegistry();
  private final ServedPlugins plugins;
  private final long unloadGraceMs;
  private final LoopWatch loopWatch;
  private final CallRunner runner;
  /** The workspace's result cache, or null when it is turned off. */
  private final ResultCache cache;
  /** What changes in the workspace: the host's writes and commands, and a watcher once something asks for one. */
  private final WorkspaceChanges changes;
  private final HostAddresses addresses;
  private PluginServices services;
  private String coordinatorDeployment;
  /** Each served tool name's verticle; a name keeps its verticle while a plugin is replaced. */
  private final Map<String, String> toolDeployments = new HashMap<>();
  private volatile io.vertx.core.Context coordinatorContext;
  private volatile Overdue overdue;
  private volatile CoordinatorVerticle coordinator;

  private record PluginServices(Vertx vertx, BlockingIo io, Workspace workspace, WorkspaceFiles files, JsonObject config,
                                WorkspaceChanges watched, Map<String, Supplier<JsonObject>> reports) implements HostContext {
    @Override
    public TreeChanges changes() {
      return watched.changes();
    }

    @Override
    public void report(String name, Supplier<JsonObject> status) {
      reports.put(name, status);
    }
  }

  /** What plugins show in {@code /health}, by name. */
  private final Map<String, Supplier<JsonObject>> reports = new ConcurrentHashMap<>();

  private ToolHost(Vertx vertx, Workspace workspace, HostOptions options, JsonObject pluginsConfig, HostAddresses addresses,
                   CoordinatorListener listener) {
    this.vertx = vertx;
    this.addresses = addresses;
    this.workspace = workspace;
    this.pool = new SharedIoPool(vertx, options.getIoPoolSize(), options.getIoMaxExecuteTimeSeconds(), TimeUnit.SECONDS);
    this.plugins = new ServedPlugins(registry, Boolean.TRUE.equals(pluginsConfig.getValue("allowOverride")));
    this.unloadGraceMs = pluginsConfig.getValue("unloadGraceMs") instanceof Number grace ? grace.longValue() : DEFAULT_UNLOAD_GRACE_MS;
    this.loopWatch = new LoopWatch(pluginsConfig.getValue("blockedLoopMs") instanceof Number limit ? limit.longValue()
      : LoopWatch.DEFAULT_LIMIT_MS);
    this.changes = new WorkspaceChanges(workspace, options.getCache().getMaxPaths());
    CallRunner recorded = new RecordingCallRunner(new LocalCallRunner(loopWatch), changes);
    this.cache = options.getCache().isEnabled()
      ? ResultCache.open(workspace, changes, options.getCache().shareBytes(), listener.cache()) : null;
    this.runner = cache == null ? recorded : new CachingCallRunner(recorded, cache, pool, listener.cache());
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
    return start(vertx, workspace, options, config, plugins, listener, HostAddresses.plain());
  }

  /**
   * Starts the core on addresses of its own, behind a router (a cluster's node, or one of several
   * workspaces in one process).
   */
  public static Future<ToolHost> start(Vertx vertx, Workspace workspace, HostOptions options, JsonObject config,
                                       List<ToolPlugin> plugins, CoordinatorListener listener, HostAddresses addresses) {
    JsonObject pluginsConfig = config.getValue("plugins") instanceof JsonObject given ? given : new JsonObject();
    ToolHost host = new ToolHost(vertx, workspace, options, pluginsConfig, addresses, listener);
    host.services = new PluginServices(vertx, host.pool, workspace, new ConfinedFiles(workspace), config, host.changes,
      host.reports);
    for (ToolPlugin plugin : plugins) {
      host.plugins.add(plugin, host.services);
    }
    CoordinatorVerticle coordinator = new CoordinatorVerticle(host.registry, workspace, host.pool, options, listener, host.runner,
      addresses);
    return host.deployToolVerticles()
      .compose(tools -> vertx.deployVerticle(coordinator))
      .map(id -> {
        host.coordinatorDeployment = id;
        host.coordinatorContext = coordinator.context();
        host.overdue = coordinator.overdue();
        host.coordinator = coordinator;
        return host;
      })
      .recover(failure -> host.close().transform(closed -> Future.failedFuture(failure)));
  }

  /**
   * Serves one more plugin's tools, whole, in a running host.
   *
   * @return null when its tools are served, else why none of them are
   */
  public Future<Refusal> add(ToolPlugin plugin) {
    Refusal refusal = plugins.add(plugin, services);
    return deployToolVerticles().map(deployed -> refusal);
  }

  /**
   * Takes a plugin's tools away: a call that has not started gets {@code UNKNOWN_TOOL}; calls already
   * running end on it (for at most {@code plugins.unloadGraceMs}); then it is stopped.
   *
   * @return completed once the plugin is stopped
   */
  public Future<Void> remove(ToolPlugin plugin) {
    ServedPlugins.Served gone = plugins.take(plugin);
    return retire(gone, plugin);
  }

  /**
   * Serves a new version of a plugin in place of the old (see {@link #replace(List, List)}).
   *
   * @return null when the new version's tools are served, else why none of them are; completed once the
   * old version is stopped
   */
  public Future<Refusal> replace(ToolPlugin old, ToolPlugin fresh) {
    Change change = replace(List.of(old), List.of(fresh));
    return change.retired().compose(stopped -> change.served()).map(refusals -> refusals.get(fresh));
  }

  /**
   * Serves new versions of plugins in place of old ones, as when a jar changed: every tool name moves to
   * its new version in one step, whichever of the new plugins gives it (a plugin renamed, a tool moved
   * from one plugin of the jar to another). A call that started on an old version ends on it; every later
   * one reaches the new; none finds neither. An old version is taken away even when its new one is refused.
   */
  public Change replace(List<ToolPlugin> old, List<ToolPlugin> fresh) {
    ServedPlugins.Replaced replaced = plugins.replace(old, fresh, services);
    Future<Map<ToolPlugin, Refusal>> served = deployToolVerticles().map(deployed -> replaced.refusals());
    List<Future<Void>> retired = new ArrayList<>();
    for (ServedPlugins.Served gone : replaced.old()) {
      retired.add(served.transform(done -> retire(gone, gone.plugin())));
    }
    // A refused old version was not served: it is stopped at once.
    for (ToolPlugin plugin : old) {
      if (replaced.old().stream().noneMatch(gone -> gone.plugin() == plugin)) {
        retired.add(stopBounded(plugin));
      }
    }
    return new Change(served, Future.join(retired).mapEmpty());
  }

  /**
   * A change of plugins under way.
   *
   * @param served  completed once the new versions are served, with why each refused one is
   * @param retired completed once the old versions' last calls have ended and they are stopped
   */
  public record Change(Future<Map<ToolPlugin, Refusal>> served, Future<Void> retired) {
  }

  // The calls in it may run to their end, bounded, so that a tool that never completes cannot keep a
  // plugin's class loader alive for ever.
  private Future<Void> retire(ServedPlugins.Served gone, ToolPlugin plugin) {
    if (gone == null) {
      return stopBounded(plugin);
    }
    Promise<Void> drained = Promise.promise();
    gone.calls().retire().onComplete(done -> drained.tryComplete());
    long timer = vertx.setTimer(Math.max(1, unloadGraceMs), fired -> {
      if (drained.tryComplete()) {
        LOG.warn("Plugin {} still had {} calls running {} ms after it was unloaded; stopping it all the same",
          gone.name(), gone.calls().running(), unloadGraceMs);
      }
    });
    return drained.future()
      .andThen(done -> vertx.cancelTimer(timer))
      .compose(done -> undeployToolVerticles())
      .compose(done -> stopBounded(plugin));
  }

  // A plugin's stop() is its own code: it runs on a thread of its own, not the shared pool, so that one that
  // blocks holds no thread the tools need, and it is waited for a bounded time.
  private Future<Void> stopBounded(ToolPlugin plugin) {
    return stopBounded(List.of(plugin));
  }

  /** Stops the plugins one after another, in their order, on one thread. */
  private Future<Void> stopBounded(List<ToolPlugin> stopping) {
    if (stopping.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> stopped = Promise.promise();
    Thread stopper = new Thread(() -> {
      stopping.forEach(ToolHost::stop);
      stopped.tryComplete();
    }, "tunacode-plugin-stop");
    stopper.setDaemon(true);
    stopper.start();
    long timer = vertx.setTimer(STOP_GRACE_MS, fired -> {
      if (stopped.tryComplete()) {
        LOG.warn("A plugin's stop() has not returned after {} ms ({}); the host goes on without it", STOP_GRACE_MS,
          stopping.stream().map(plugin -> plugin.getClass().getName()).toList());
      }
    });
    return stopped.future().andThen(done -> vertx.cancelTimer(timer));
  }

  private synchronized Future<Void> deployToolVerticles() {
    List<Future<String>> deployed = new ArrayList<>();
    for (ToolRegistry.Entry entry : registry.all()) {
      String name = entry.name();
      if (!toolDeployments.containsKey(name)) {
        toolDeployments.put(name, "");
        deployed.add(vertx.deployVerticle(new ToolVerticle(name, addresses.tool(name), registry, runner)).andThen(id -> deployedTool(name, id)));
      }
    }
    return Future.all(deployed).mapEmpty();
  }

  private synchronized void deployedTool(String name, AsyncResult<String> id) {
    if (id.succeeded()) {
      toolDeployments.put(name, id.result());
    } else {
      toolDeployments.remove(name);
    }
  }

  private synchronized Future<Void> undeployToolVerticles() {
    List<Future<Void>> undeployed = new ArrayList<>();
    toolDeployments.entrySet().removeIf(named -> {
      if (registry.get(named.getKey()) != null || named.getValue().isEmpty()) {
        return false;
      }
      undeployed.add(vertx.undeploy(named.getValue()));
      return true;
    });
    return Future.join(undeployed).mapEmpty();
  }

  /**
   * Why a plugin's tools are not served.
   *
   * @param reason  in words, for listings
   * @param takenBy the plugin that already gives one of its tools' names, or null
   */
  public record Refusal(String reason, String takenBy) {
  }

  /** @return how many times a tool of the plugin has held an event loop too long; 0 for a plugin not served */
  public long blockedLoops(ToolPlugin plugin) {
    return plugins.blockedLoops(plugin);
  }

  /** @return the plugins whose tools are not served, each with why; the rest are served whole */
  public Map<ToolPlugin, Refusal> refused() {
    return plugins.refused();
  }

  /** @return the calls answered (timed out, cancelled) whose tool has not stopped after a grace; readable from any thread */
  public Overdue overdue() {
    return overdue;
  }

  /** @return the served tools */
  public ToolRegistry registry() {
    return registry;
  }

  /**
   * Looks a read-only call that is on its way to this host's coordinator up in the result cache now, on the
   * calling thread, so that its turn finds the answer without a hand-off to the pool
   * ({@link CachingCallRunner#lookAhead}). For a transport that reads calls on a thread of its own.
   * Blocking: never on an event loop. Does nothing when the cache is off or the tool is not known.
   *
   * @param tool the tool's name
   * @param args its arguments as the client sent them
   */
  public void lookAhead(String tool, JsonObject args) {
    if (!(runner instanceof CachingCallRunner caching) || tool == null || args == null) {
      return;
    }
    ToolRegistry.Entry entry = registry.get(tool);
    // Entered, so that a plugin being unloaded is not stopped while its footprint is asked for.
    ToolRegistry.Entry entered = entry == null ? null : registry.enter(entry);
    if (entered == null) {
      return;
    }
    try {
      caching.lookAhead(entered, args);
    } finally {
      entered.calls().exit();
    }
  }

  /** @return the calls accepted and not yet answered: how busy the host is, for choosing the least busy */
  public int load() {
    CoordinatorVerticle running = coordinator;
    return running == null ? 0 : running.unanswered();
  }

  /** @return the addresses the host answers on */
  public HostAddresses addresses() {
    return addresses;
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

  /** @return what plugins show in {@code /health}, by name: each asked now; no I/O */
  public Map<String, JsonObject> reports() {
    Map<String, JsonObject> now = new TreeMap<>();
    reports.forEach((name, status) -> now.put(name, status.get()));
    return now;
  }

  /** @return the workspace's result cache, or null when it is turned off */
  public ResultCache cache() {
    return cache;
  }

  /** @return the shared pool's size */
  public int ioPoolSize() {
    return pool.size();
  }

  /** Undeploys the core's verticles, stops the plugins (on the pool: a plugin's stop may block) and closes the pool. */
  public Future<Void> close() {
    List<Future<Void>> undeployed = new ArrayList<>();
    synchronized (this) {
      toolDeployments.values().stream().filter(id -> !id.isEmpty()).forEach(id -> undeployed.add(vertx.undeploy(id)));
      toolDeployments.clear();
    }
    if (coordinatorDeployment != null) {
      undeployed.add(vertx.undeploy(coordinatorDeployment));
      coordinatorDeployment = null;
    }
    List<ToolPlugin> stopping = plugins.takeStarted();
    return Future.join(undeployed).<Void>mapEmpty()
      .eventually(() -> stopBounded(stopping))
      .eventually(() -> pool.run(() -> {
        if (cache != null) {
          cache.close();
        }
        changes.close();
        return null;
      }))
      .eventually(() -> {
        pool.close();
        loopWatch.close();
        return Future.succeededFuture();
      });
  }

  private static void stop(ToolPlugin plugin) {
    try (PluginClassLoaders seen = PluginClassLoaders.enter(plugin)) {
      plugin.stop();
    } catch (RuntimeException | Error e) {
      LOG.error("Plugin {} failed to stop", plugin.getClass().getName(), e);
    }
  }
}
