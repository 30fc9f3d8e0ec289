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

/**
 * One plugin jar, loaded from a private copy: a jar being overwritten in the folder is never read
 * half-written, and the folder's file is never held open. Closing it closes its class loader and deletes
 * the copy, after which nothing of the host refers to the jar.
 */
final class PluginJar implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginJar.class);

  private final Path source;
  private final JarSignature signature;
  private final Path copy;
  private final PluginClassLoader loader;
  private final List<LoadedPlugin> plugins;

  private PluginJar(Path source, JarSignature signature, Path copy, PluginClassLoader loader, List<LoadedPlugin> plugins) {
    this.source = source;
    this.signature = signature;
    this.copy = copy;
    this.loader = loader;
    this.plugins = plugins;
  }

  /**
   * Copies the jar and loads its plugins from the copy. Blocking.
   *
   * @param copy where to put the private copy; it must not exist
   * @return the jar with its plugins, each loaded or failed with the reason; null when the jar changed while
   * it was copied, to be tried again
   */
  static PluginJar load(Path jar, Path copy, ClassLoader host) {
    JarSignature before = JarSignature.of(jar);
    try {
      Files.copy(jar, copy);
    } catch (IOException e) {
      delete(copy);
      return before == null || !before.equals(JarSignature.of(jar)) ? null
        : failed(jar, before, "it cannot be copied to be loaded: " + e, PluginManifest.NONE);
    }
    if (before == null || !before.equals(JarSignature.of(jar))) {
      delete(copy);
      return null;
    }
    PluginManifest manifest;
    try {
      manifest = PluginManifest.of(copy);
    } catch (IOException | SecurityException e) {
      delete(copy);
      LOG.error("Plugin jar {} cannot be read: {}", jar, e.toString());
      return failed(jar, before, "it cannot be read as a jar: " + e.getMessage(), PluginManifest.NONE);
    }
    String refusal = manifest.refusal();
    if (refusal != null) {
      delete(copy);
      LOG.error("Plugin jar {} is not loaded: {}", jar, refusal);
      return failed(jar, before, refusal, manifest);
    }
    PluginClassLoader loader;
    try {
      loader = new PluginClassLoader("plugin:" + jar.getFileName(), copy.toUri().toURL(), host);
    } catch (MalformedURLException e) {
      delete(copy);
      return failed(jar, before, e.toString(), manifest);
    }
    List<LoadedPlugin> found = new ArrayList<>();
    try {
      for (ToolPlugin plugin : ServiceLoader.load(ToolPlugin.class, loader)) {
        if (plugin.getClass().getClassLoader() == loader) {
          found.add(new LoadedPlugin(jar, plugin, null, manifest));
        }
      }
      if (found.isEmpty()) {
        found.add(new LoadedPlugin(jar, null, "no ToolPlugin named in META-INF/services/" + ToolPlugin.class.getName(), manifest));
      }
    } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
      LOG.error("Plugin jar {} cannot be loaded", jar, e);
      found.clear();
      // "Provider X could not be instantiated" says which class; its cause says why.
      String why = e.getCause() == null ? e.toString() : e + " (" + e.getCause() + ")";
      found.add(new LoadedPlugin(jar, null, why, manifest));
    }
    return new PluginJar(jar, before, copy, loader, List.copyOf(found));
  }

  private static PluginJar failed(Path jar, JarSignature signature, String why, PluginManifest manifest) {
    return new PluginJar(jar, signature, null, null, List.of(new LoadedPlugin(jar, null, why, manifest)));
  }

  /** @return the jar in the folder */
  Path source() {
    return source;
  }

  /** @return its size, time and file as they were when it was loaded */
  JarSignature signature() {
    return signature;
  }

  /** @return its plugins, each loaded or failed */
  List<LoadedPlugin> plugins() {
    return plugins;
  }

  /** Closes the class loader and deletes the copy. Blocking; call it once none of its plugins is served. */
  @Override
  public void close() {
    if (loader != null) {
      try {
        loader.close();
      } catch (IOException e) {
        LOG.warn("Could not close the class loader of plugin jar {}: {}", source, e.toString());
      }
    }
    if (copy != null) {
      delete(copy);
    }
  }

  private static void delete(Path copy) {
    try {
      Files.deleteIfExists(copy);
    } catch (IOException e) {
      LOG.warn("Could not delete the plugin copy {}: {}", copy, e.toString());
    }
  }
}
