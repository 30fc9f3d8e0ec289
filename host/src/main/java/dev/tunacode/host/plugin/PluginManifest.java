package dev.tunacode.host.plugin;

import dev.tunacode.core.spi.SpiVersion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What a plugin jar's manifest says of it: {@code Plugin-Id}, {@code Plugin-Version} and the SPI version
 * it needs, {@code Plugin-Requires}. Each may be missing; a jar that names no SPI version is taken to need
 * the current one.
 *
 * @param id       the plugin's id, or null
 * @param version  the plugin's own version, or null
 * @param requires the SPI version it needs, or null
 */
public record PluginManifest(String id, String version, String requires) {

  public static final PluginManifest NONE = new PluginManifest(null, null, null);

  /** @return the jar's manifest entries; the jar is closed again before this returns */
  static PluginManifest of(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        return NONE;
      }
      Attributes main = manifest.getMainAttributes();
      return new PluginManifest(main.getValue("Plugin-Id"), main.getValue("Plugin-Version"), main.getValue("Plugin-Requires"));
    }
  }

  /** @return why this host cannot load the jar, or null when it can */
  String refusal() {
    if (requires == null) {
      return null;
    }
    try {
      return SpiVersion.offers(requires) ? null : "it needs SPI version " + requires.trim() + ", and this host offers "
        + SpiVersion.CURRENT + ". Rebuild it against tunacode-core " + SpiVersion.CURRENT + ", or run a host that offers "
        + requires.trim() + ".";
    } catch (IllegalArgumentException e) {
      return "its manifest's Plugin-Requires, " + e.getMessage() + ". Write the SPI version it was built for, such as "
        + "Plugin-Requires: " + SpiVersion.CURRENT + ".";
    }
  }
}
