package dev.tunacode.host.plugin;

import dev.tunacode.core.spi.ToolPlugin;

import java.nio.file.Path;

/**
 * A plugin the host found: where it came from, and either the plugin or why it could not be loaded.
 *
 * @param source   the jar, or null for a plugin on the host's own class path
 * @param plugin   the plugin, or null when loading failed
 * @param error    why loading failed, or null
 * @param manifest what the jar's manifest says of it ({@link PluginManifest#NONE} when nothing)
 */
public record LoadedPlugin(Path source, ToolPlugin plugin, String error, PluginManifest manifest) {

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
