package dev.tunacode.host.plugin;

import dev.tunacode.core.spi.ToolPlugin;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A plugin the host found: where it came from, and either the plugin or why it could not be loaded.
 *
 * @param source   the jar, or null for a plugin on the host's own class path
 * @param plugin   the plugin, or null when loading failed
 * @param error    why loading failed, or null
 * @param manifest what the jar's manifest says of it ({@link PluginManifest#NONE} when nothing)
 * @param loadedAt when the host loaded it, or tried to
 */
public record LoadedPlugin(Path source, ToolPlugin plugin, String error, PluginManifest manifest, Instant loadedAt) {

  public LoadedPlugin(Path source, ToolPlugin plugin, String error, PluginManifest manifest) {
    this(source, plugin, error, manifest, Instant.now());
  }

  public LoadedPlugin(Path source, ToolPlugin plugin, String error) {
    this(source, plugin, error, PluginManifest.NONE);
  }

  /** @return a name for listings: the plugin's own, or the jar's file name when it failed */
  public String displayName() {
    if (plugin != null) {
      return plugin.name();
    }
    return source == null ? "?" : source.getFileName().toString();
  }
}
