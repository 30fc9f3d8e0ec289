package dev.tunacode.core.spi;

import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What the host hands a plugin when it asks for its tools.
 */
public interface ToolContext {

  /** @return the Vert.x instance the tools run in */
  Vertx vertx();

  /** @return the shared blocking pool; the only place a tool may block */
  BlockingIo io();

  /** @return the workspace every path argument must be resolved through */
  Workspace workspace();

  /** @return the host configuration (see docs/configuration.md); never null */
  JsonObject config();
}
