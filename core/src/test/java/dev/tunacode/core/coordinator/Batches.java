package dev.tunacode.core.coordinator;

import dev.tunacode.core.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends batches and calls and waits for the reply on the test thread, which is never an event loop.
 */
final class Batches {

  private Batches() {
  }

  static JsonObject send(Vertx vertx, JsonObject batch) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.BATCH, batch)
      .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body();
  }

  static JsonObject call(Vertx vertx, JsonObject call) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.CALL, call)
      .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body();
  }

  static List<JsonObject> results(JsonObject reply) {
    JsonArray results = reply.getJsonArray("results");
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      list.add(results.getJsonObject(i));
    }
    return list;
  }

  static long start(JsonObject result) {
    return result.getJsonObject("output").getLong("startNanos");
  }

  static long end(JsonObject result) {
    return result.getJsonObject("output").getLong("endNanos");
  }

  static JsonObject probe(String path, int ms) {
    JsonObject args = new JsonObject().put("ms", ms);
    if (path != null) {
      args.put("path", path);
    }
    return new JsonObject().put("tool", "probe").put("args", args);
  }

  static JsonObject write(String path, String content, int ms) {
    return new JsonObject().put("tool", "probe_write").put("args",
      new JsonObject().put("path", path).put("content", content).put("ms", ms));
  }

  static JsonObject exec(int ms) {
    return new JsonObject().put("tool", "probe_exec").put("args", new JsonObject().put("ms", ms));
  }
}
