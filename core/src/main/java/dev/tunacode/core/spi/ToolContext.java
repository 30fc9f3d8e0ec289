package dev.tunacode.core.spi;

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

  /** @return the workspace, through which every path argument is read and written */
  WorkspaceFiles files();

  /** @return the host configuration (see docs/configuration.md); never null */
  JsonObject config();
}
