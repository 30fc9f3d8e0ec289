package dev.tunacode.host.plugin;

import dev.tunacode.core.spi.ToolPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds plugins: those on the host's class path (the built-in tools), then every jar in the plugin
 * folders, each jar with its own class loader and {@link ServiceLoader}. A jar that fails to load is
 * reported and skipped; the others still load. Blocking: call it before Vert.x work starts or on a
 * worker thread.
 */
public final class PluginManager {

  private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

  private PluginManager() {
  }

  /**
   * @param folders plugin folders in the order to search; missing folders are skipped
   * @return every plugin found, class-path plugins first, then jars sorted by name within each folder
   */
  public static List<LoadedPlugin> load(List<Path> folders) {
    List<LoadedPlugin> found = new ArrayList<>();
    ClassLoader host = PluginManager.class.getClassLoader();
    for (ToolPlugin plugin : ServiceLoader.load(ToolPlugin.class, host)) {
      found.add(new LoadedPlugin(null, plugin, null));
    }
    for (Path folder : folders) {
      for (Path jar : jarsIn(folder)) {
        found.addAll(loadJar(jar, host));
      }
    }
    return found;
  }

  private static List<Path> jarsIn(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
    } catch (IOException e) {
      LOG.warn("Cannot list the plugin folder {}: {}", folder, e.getMessage());
      return List.of();
    }
  }

  private static List<LoadedPlugin> loadJar(Path jar, ClassLoader host) {
    List<LoadedPlugin> found = new ArrayList<>();
    PluginManifest manifest;
    try {
      manifest = PluginManifest.of(jar);
    } catch (IOException | SecurityException e) {
      LOG.error("Plugin jar {} cannot be read: {}", jar, e.toString());
      return List.of(new LoadedPlugin(jar, null, "it cannot be read as a jar: " + e.getMessage()));
    }
    String refusal = manifest.refusal();
    if (refusal != null) {
      LOG.error("Plugin jar {} is not loaded: {}", jar, refusal);
      return List.of(new LoadedPlugin(jar, null, refusal, manifest));
    }
    try {
      PluginClassLoader loader = new PluginClassLoader("plugin:" + jar.getFileName(), jar.toUri().toURL(), host);
      for (ToolPlugin plugin : ServiceLoader.load(ToolPlugin.class, loader)) {
        if (plugin.getClass().getClassLoader() == loader) {
          found.add(new LoadedPlugin(jar, plugin, null, manifest));
        }
      }
      if (found.isEmpty()) {
        found.add(new LoadedPlugin(jar, null, "no ToolPlugin named in META-INF/services/" + ToolPlugin.class.getName(), manifest));
      }
    } catch (MalformedURLException | ServiceConfigurationError | LinkageError e) {
      LOG.error("Plugin jar {} cannot be loaded", jar, e);
      found.add(new LoadedPlugin(jar, null, e.toString(), manifest));
    }
    return found;
  }
}
