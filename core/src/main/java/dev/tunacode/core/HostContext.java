package dev.tunacode.core;

import dev.tunacode.core.cache.TreeChanges;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * What the host hands the plugins on its own class path, such as the built-in tools: the SPI's context and
 * the whole workspace API, handles and all. A jar in the plugins folder cannot see this type: it gets
 * {@link ToolContext#files()}.
 */
public interface HostContext extends ToolContext {

  /** @return the workspace every path argument must be walked through */
  Workspace workspace();

  /**
   * Starts the workspace's watcher if none has started. Blocking: not on an event loop.
   *
   * @return what changed in the workspace since a clock reading, or null when no watcher can be had there
   *         (a network file system, inotify's limits)
   */
  default TreeChanges changes() {
    return null;
  }

  /**
   * Shows a status of the plugin's in the host's {@code /health}, under a name of its own (the built-in
   * tools' index shows {@code "index"}).
   *
   * @param status asked on an event loop: quick, no I/O
   */
  default void report(String name, Supplier<JsonObject> status) {
  }
}
