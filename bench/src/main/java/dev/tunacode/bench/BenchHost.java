package dev.tunacode.bench;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An in-process host for benchmarks, driven from the benchmark's own thread.
 */
final class BenchHost implements AutoCloseable {

  private static final DeliveryOptions LONG = new DeliveryOptions().setSendTimeout(TimeUnit.MINUTES.toMillis(10));

  final Vertx vertx;
  final ToolHost host;

  BenchHost(Path root, HostOptions options, ToolPlugin... plugins) throws Exception {
    this(root, options, new JsonObject(), plugins);
  }

  /** @param config the host's configuration, as {@code config/host.json} would give it */
  BenchHost(Path root, HostOptions options, JsonObject config, ToolPlugin... plugins) throws Exception {
    vertx = Vertx.vertx();
    host = ToolHost.start(vertx, new Workspace(root), options, config, List.of(plugins))
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  JsonObject request(String address, JsonObject body) throws Exception {
    return vertx.eventBus().<JsonObject>request(address, body, LONG)
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES).body();
  }

  @Override
  public void close() throws Exception {
    host.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
