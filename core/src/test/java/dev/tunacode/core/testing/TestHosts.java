package dev.tunacode.core.testing;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts a core host for a test and builds the wire messages tests send.
 */
public final class TestHosts {

  private TestHosts() {
  }

  public static Future<ToolHost> start(Vertx vertx, Path root, HostOptions options, JsonObject config, ToolPlugin... plugins) {
    return ToolHost.start(vertx, new Workspace(root), options, config, List.of(plugins));
  }

  public static Future<ToolHost> start(Vertx vertx, Path root, ToolPlugin... plugins) {
    return start(vertx, root, new HostOptions(), new JsonObject(), plugins);
  }

  /** @return {@code {"tool":..,"args":..}} */
  public static JsonObject call(String tool, JsonObject args) {
    return new JsonObject().put("tool", tool).put("args", args);
  }

  /** @return {@code {"calls":[...]}} */
  public static JsonObject batch(JsonObject... calls) {
    return new JsonObject().put("calls", new JsonArray(List.of((Object[]) calls)));
  }
}
