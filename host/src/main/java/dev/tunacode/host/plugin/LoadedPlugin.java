package dev.tunacode.host.plugin;

import dev.tunacode.core.spi.ToolPlugin;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A plugin the host found: where it came from, and either the plugin or why it could not be loaded.
 *
 * @param name       the plugin's own name, or the jar's file name when it failed
 * @param source     the jar in the plugins folder, or null for a plugin on the host's own class path
 * @param plugin     the plugin, or null when loading failed or it has been unloaded
 * @param error      why loading failed, or null
 * @param manifest   what the jar's manifest says of it ({@link PluginManifest#NONE} when nothing)
 * @param loadedAt   when the host loaded it, or tried to
 * @param unloadedAt when its jar left the folder, or null while it is there
 */
public record LoadedPlugin(String name, Path source, ToolPlugin plugin, String error, PluginManifest manifest,
                           Instant loadedAt, Instant unloadedAt) {

  public LoadedPlugin(Path source, ToolPlugin plugin, String error, PluginManifest manifest) {
    this(nameOf(source, plugin), source, plugin, error, manifest, Instant.now(), null);
  }

  public LoadedPlugin(Path source, ToolPlugin plugin, String error) {
    this(source, plugin, error, PluginManifest.NONE);
  }

  /** @return this plugin as it is once its jar has gone; it no longer holds the plugin, so its classes can go too */
  LoadedPlugin unloaded(Instant at) {
    return new LoadedPlugin(name, source, null, error, manifest, loadedAt, at);
  }

  /** @return a name for listings */
  public String displayName() {
    return name;
  }

  // A plugin's name() is its own code, and may fail like any of it.
  private static String nameOf(Path source, ToolPlugin plugin) {
    if (plugin != null) {
      try {
        String name = plugin.name();
        if (name != null && !name.isBlank()) {
          return name;
        }
      } catch (RuntimeException | LinkageError e) {
        return plugin.getClass().getName();
      }
      return plugin.getClass().getName();
    }
    return source == null ? "?" : source.getFileName().toString();
  }
}
