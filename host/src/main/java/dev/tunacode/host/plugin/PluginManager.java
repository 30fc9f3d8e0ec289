package dev.tunacode.host.plugin;

import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Finds plugins: those on the host's class path (the built-in tools), then every jar in the plugin
 * folders, each jar loaded from a private copy with its own class loader. A jar that fails to load is
 * reported and skipped; the others still load. When asked to watch, it looks at the folders on a thread
 * of its own and adds, replaces and removes plugins in the running host as their jars come, change and go.
 */
public final class PluginManager implements AutoCloseable {

  /** How long a jar must keep its size and time before it is loaded. */
  public static final long DEFAULT_SETTLE_MS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);
  private static final int MAX_UNLOADED = 100;
  private static final long LOAD_WAIT_SECONDS = 10;

  private final List<Path> folders;
  private final Predicate<Path> admitted;
  private final ClassLoader hostLoader = PluginManager.class.getClassLoader();
  private final List<LoadedPlugin> classPath = new ArrayList<>();
  /** Each jar's current load, in the order they were loaded; touched by one thread at a time. */
  private final Map<Path, PluginJar> jars = new LinkedHashMap<>();
  /** The last jars that left the folders, for listings; the oldest are forgotten past a hundred. */
  private final Map<Path, List<LoadedPlugin>> unloaded = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, List<LoadedPlugin>> eldest) {
      return size() > MAX_UNLOADED;
    }
  };
  /** Jars no longer served whose class loaders close once their last calls end. */
  private final Set<PluginJar> closing = ConcurrentHashMap.newKeySet();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile List<LoadedPlugin> snapshot = List.of();
  private volatile ScheduledExecutorService watcher;
  private final ExecutorService loaders = Executors.newCachedThreadPool(work -> {
    Thread thread = new Thread(work, "tunacode-plugin-load");
    thread.setDaemon(true);
    return thread;
  });
  private Path copies;
  private final AtomicLong serial = new AtomicLong();

  /** @param folders plugin folders in the order to search; missing folders are skipped */
  public PluginManager(List<Path> folders) {
    this(folders, jar -> true);
  }

  /** @param admitted which jars of those folders may be read (see {@link PluginFolders#jarFilter}) */
  public PluginManager(List<Path> folders, Predicate<Path> admitted) {
    this.folders = List.copyOf(folders);
    this.admitted = admitted;
  }

  /**
   * Loads the class path's plugins and every jar in the folders. Blocking.
   *
   * @return every plugin found, class-path plugins first, then jars sorted by name within each folder
   */
  public synchronized List<LoadedPlugin> loadAll() {
    for (ToolPlugin plugin : ServiceLoader.load(ToolPlugin.class, hostLoader)) {
      classPath.add(new LoadedPlugin(null, plugin, null));
    }
    for (Path jar : FolderWatch.jarsIn(folders, admitted)) {
      PluginJar loaded = load(jar);
      if (loaded == null) {
        loaded = load(jar); // changed while it was copied: once more, then it is the watcher's
      }
      if (loaded != null) {
        jars.put(jar, loaded);
      }
    }
    publish();
    return snapshot;
  }

  /** @return the folder of the jars' private copies, or null before the first jar; for tests */
  synchronized Path copies() {
    return copies;
  }

  /** @return the folders it loads from */
  public List<Path> folders() {
    return folders;
  }

  /** @return every plugin: loaded, failed, and those whose jar has gone ({@code unloaded}); readable from any thread */
  public List<LoadedPlugin> plugins() {
    return snapshot;
  }

  /** Runs the listener on the watcher's thread each time the plugins have changed and the host serves the change. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Starts watching the folders: a new jar is loaded once it has settled, a changed one replaces the old
   * version, a removed one is unloaded.
   *
   * @param settleMs how long a jar must keep its size and time before it is read
   */
  public synchronized void watch(ToolHost host, long settleMs) {
    if (watcher != null) {
      throw new IllegalStateException("already watching");
    }
    FolderWatch watch = new FolderWatch(folders, admitted, settleMs);
    watcher = Executors.newSingleThreadScheduledExecutor(work -> {
      Thread thread = new Thread(work, "tunacode-plugin-watch");
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(10, settleMs / 2);
    watcher.scheduleWithFixedDelay(() -> scan(watch, host), every, every, TimeUnit.MILLISECONDS);
    LOG.info("Watching the plugin folders {} for jars", folders);
  }

  private void scan(FolderWatch watch, ToolHost host) {
    try {
      Map<Path, JarSignature> known = new HashMap<>();
      synchronized (this) {
        jars.forEach((jar, loaded) -> known.put(jar, loaded.signature()));
      }
      FolderWatch.Changes changes = watch.scan(known, System.nanoTime());
      List<Future<?>> served = new ArrayList<>();
      for (Path jar : changes.gone()) {
        served.addAll(gone(jar, host));
      }
      for (Path jar : changes.settled()) {
        served.addAll(bounded(jar, () -> arrived(jar, host, watch)));
      }
      if (!changes.isEmpty()) {
        served.addAll(retryTaken(host, watch, changes.settled()));
        publish();
        Future.join(new ArrayList<>(served)).onComplete(done -> onWatcher(this::tellListeners));
      }
    } catch (RuntimeException | Error e) {
      // The watcher must outlive whatever one jar does to it.
      LOG.error("The plugin watcher failed on one pass; it goes on", e);
    }
  }

  // The host is called outside this manager's lock: a plugin's tools() is its own code and may be slow,
  // and nothing that reads the manager (a status request, the host's shutdown) should wait for it.
  private List<Future<?>> arrived(Path jar, ToolHost host, FolderWatch watch) {
    PluginJar fresh = load(jar);
    if (fresh == null) {
      return List.of();
    }
    watch.loaded(jar);
    PluginJar old;
    synchronized (this) {
      old = jars.put(jar, fresh);
      unloaded.remove(jar);
    }
    ToolHost.Change change = host.replace(old == null ? List.of() : plugins(old), plugins(fresh));
    LOG.info("Plugin jar {} {}: {}", jar, old == null ? "loaded" : "replaced", describe(fresh));
    if (old != null) {
      closeWhenDone(old, change.retired());
    }
    return List.of(change.served());
  }

  // A jar refused because another plugin held one of its names may be served once that plugin has gone
  // or changed: it is loaded again, from the folder, as if it had changed.
  private List<Future<?>> retryTaken(ToolHost host, FolderWatch watch, List<Path> justLoaded) {
    Map<ToolPlugin, ToolHost.Refusal> refused = host.refused();
    List<Path> again = new ArrayList<>();
    synchronized (this) {
      jars.forEach((jar, loaded) -> {
        boolean taken = loaded.plugins().stream().anyMatch(p -> p.plugin() != null && refused.get(p.plugin()) != null
          && refused.get(p.plugin()).takenBy() != null);
        if (taken && !justLoaded.contains(jar)) {
          again.add(jar);
        }
      });
    }
    List<Future<?>> changes = new ArrayList<>();
    for (Path jar : again) {
      LOG.info("Plugin jar {} is tried again: a plugin it conflicted with has changed or gone", jar);
      changes.addAll(bounded(jar, () -> arrived(jar, host, watch)));
    }
    return changes;
  }

  // A jar's plugins run their own code as they load (constructors, tools()); one that does not return
  // must not keep every other jar waiting. It is given a while on a thread of its own, then left to finish
  // whenever it does, and served then.
  private List<Future<?>> bounded(Path jar, Supplier<List<Future<?>>> load) {
    CompletableFuture<List<Future<?>>> task = CompletableFuture.supplyAsync(load, loaders);
    try {
      return task.get(LOAD_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException slow) {
      LOG.error("Plugin jar {} has not finished loading after {} s: a plugin's constructor or tools() does not return. "
        + "The other jars go on; it is served if it ever finishes.", jar, LOAD_WAIT_SECONDS);
      task.thenAccept(late -> {
        publish();
        Future.join(new ArrayList<>(late)).onComplete(done -> onWatcher(this::tellListeners));
      });
      return List.of();
    } catch (ExecutionException e) {
      LOG.error("Plugin jar {} failed to load", jar, e.getCause());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private List<Future<?>> gone(Path jar, ToolHost host) {
    PluginJar old;
    synchronized (this) {
      old = jars.remove(jar);
      if (old == null) {
        return List.of();
      }
      Instant now = Instant.now();
      unloaded.put(jar, old.plugins().stream().map(p -> p.unloaded(now)).toList());
    }
    ToolHost.Change change = host.replace(plugins(old), List.of());
    LOG.info("Plugin jar {} removed; its tools are no longer served", jar);
    closeWhenDone(old, change.retired());
    return List.of(change.served());
  }

  private static List<ToolPlugin> plugins(PluginJar jar) {
    return jar.plugins().stream().map(LoadedPlugin::plugin).filter(Objects::nonNull).toList();
  }

  // Its class loader is closed only once its calls have ended and its plugins have stopped.
  private void closeWhenDone(PluginJar old, Future<Void> retired) {
    closing.add(old);
    retired.onComplete(done -> onWatcher(() -> {
      if (closing.remove(old)) {
        old.close();
      }
    }));
  }

  // Off the event loop the futures complete on; once the watcher has stopped, close() does what is left.
  private void onWatcher(Runnable work) {
    try {
      watcher.execute(work);
    } catch (RejectedExecutionException stopped) {
      LOG.debug("The plugin watcher has stopped; close() finishes the work");
    }
  }

  // Loads may run on several threads (one that outlasts its wait, the next scan's), so each copy gets a
  // name of its own.
  private PluginJar load(Path jar) {
    Path folder;
    try {
      folder = copiesFolder();
    } catch (IOException e) {
      LOG.error("Cannot make a folder for private copies of plugin jars", e);
      return null;
    }
    return PluginJar.load(jar, folder.resolve(serial.incrementAndGet() + "-" + jar.getFileName()), hostLoader);
  }

  private synchronized Path copiesFolder() throws IOException {
    if (copies == null) {
      StaleCopies.sweep();
      copies = Files.createTempDirectory(StaleCopies.prefix());
    }
    return copies;
  }


  private static String describe(PluginJar jar) {
    List<String> parts = new ArrayList<>();
    for (LoadedPlugin plugin : jar.plugins()) {
      parts.add(plugin.error() == null ? "plugin '" + plugin.name() + "'" : "failed, " + plugin.error());
    }
    return String.join("; ", parts);
  }

  private synchronized void publish() {
    List<LoadedPlugin> all = new ArrayList<>(classPath);
    jars.values().forEach(jar -> all.addAll(jar.plugins()));
    unloaded.values().forEach(all::addAll);
    snapshot = List.copyOf(all);
  }

  private void tellListeners() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("A plugin change listener failed", e);
      }
    }
  }

  /** Stops watching. Call it before the host closes, so that no change reaches a closing host. */
  public void stopWatching() {
    ScheduledExecutorService running = watcher;
    if (running == null) {
      return;
    }
    running.shutdown();
    loaders.shutdown();
    try {
      if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("The plugin watcher did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops watching, closes every jar's class loader and deletes the private copies. Call it after the host has closed. */
  @Override
  public void close() {
    stopWatching();
    synchronized (this) {
      jars.values().forEach(PluginJar::close);
      jars.clear();
      closing.forEach(PluginJar::close);
      closing.clear();
      if (copies != null) {
        try (Stream<Path> left = Files.list(copies)) {
          for (Path copy : left.toList()) {
            Files.deleteIfExists(copy);
          }
          Files.deleteIfExists(copies);
        } catch (IOException e) {
          LOG.warn("Could not delete the plugin copies in {}: {}", copies, e.toString());
        }
      }
    }
  }
}
