package dev.tunacode.tools.builtin;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A host with the built-in tools on a test's folder, and calls from the test thread.
 */
public final class BuiltinHost implements AutoCloseable {

  private final Vertx vertx;
  private final ToolHost host;

  private BuiltinHost(Vertx vertx, ToolHost host) {
    this.vertx = vertx;
    this.host = host;
  }

  public static BuiltinHost start(Vertx vertx, Path root) throws Exception {
    return start(vertx, root, new HostOptions(), new JsonObject());
  }

  public static BuiltinHost start(Vertx vertx, Path root, HostOptions options, JsonObject config) throws Exception {
    ToolHost host = TestHosts.start(vertx, root, options, config, new BuiltinPlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new BuiltinHost(vertx, host);
  }

  /** @return the core the host runs on */
  public ToolHost toolHost() {
    return host;
  }

  /** @return the result object of one call */
  public JsonObject call(String tool, JsonObject args) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.CALL, new JsonObject().put("tool", tool).put("args", args))
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body();
  }

  /** Sends a whole {@code tunacode.call} body without waiting. */
  public CompletableFuture<JsonObject> send(JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.CALL, body).map(Message::body).toCompletionStage().toCompletableFuture();
  }

  /** @return the reply of {@code tunacode.cancel} */
  public JsonObject cancel(JsonObject body) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.CANCEL, body)
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
  }

  /** @return the output of a call that must succeed */
  public JsonObject ok(String tool, JsonObject args) throws Exception {
    JsonObject result = call(tool, args);
    if (!result.getBoolean("ok")) {
      throw new AssertionError(tool + " failed: " + result.getJsonObject("error"));
    }
    return result.getJsonObject("output");
  }

  /** @return the error of a call that must fail */
  public JsonObject error(String tool, JsonObject args) throws Exception {
    JsonObject result = call(tool, args);
    if (result.getBoolean("ok")) {
      throw new AssertionError(tool + " succeeded: " + result.getJsonObject("output"));
    }
    return result.getJsonObject("error");
  }

  @Override
  public void close() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
