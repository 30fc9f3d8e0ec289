package dev.tunacode.core.spi;

import java.util.List;

/**
 * A bundle of tools, found by {@link java.util.ServiceLoader}. A plugin jar names its implementation in
 * {@code META-INF/services/dev.tunacode.core.spi.ToolPlugin}.
 */
public interface ToolPlugin {

  /** @return a short, stable name for logs, health and the {@code plugins} command */
  String name();

  /**
   * Creates this plugin's tools. Called once per host, on start-up; must not block.
   *
   * @param context the host's shared services
   * @return the tools, each with a name unique across the host
   */
  List<Tool> tools(ToolContext context);

  /**
   * Called when the host stops or unloads the plugin, after its tools' last calls have ended: release
   * what {@link #tools} started (threads, files, connections). Must not block for long.
   */
  default void stop() {
  }
}
