package dev.tunacode.tools.builtin;

import dev.tunacode.core.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A batch sent with an events address, and every event it published, in the order they came.
 */
public final class LiveEvents {

  private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private final CompletableFuture<JsonObject> reply;

  private LiveEvents(Vertx vertx, JsonObject batch) throws Exception {
    String address = "test.live." + System.nanoTime();
    vertx.eventBus().<JsonObject>consumer(address, event -> events.add(event.body()))
      .completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    reply = vertx.eventBus().<JsonObject>request(Addresses.BATCH, batch.copy().put("events", address))
      .map(Message::body).toCompletionStage().toCompletableFuture();
  }

  /** Sends the calls as one batch. */
  public static LiveEvents send(Vertx vertx, JsonObject... calls) throws Exception {
    return new LiveEvents(vertx, new JsonObject().put("calls", new JsonArray(List.of((Object[]) calls))));
  }

  /** @return the next event of the type, waiting for it; the events before it are kept in {@link #seen} */
  public JsonObject next(String type) throws Exception {
    while (true) {
      JsonObject event = events.poll(30, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no '" + type + "' event within 30 s; seen " + seen);
      }
      seen.add(event);
      if (type.equals(event.getString("type"))) {
        return event;
      }
    }
  }

  /** @return every event up to and including the last call's result, once the batch has replied */
  public List<JsonObject> all() throws Exception {
    JsonObject batch = reply();
    int results = (int) seen.stream().filter(e -> "result".equals(e.getString("type"))).count();
    while (results < batch.getJsonArray("results").size()) {
      next("result");
      results++;
    }
    return seen;
  }

  public JsonObject reply() throws Exception {
    return reply.get(60, TimeUnit.SECONDS);
  }
}
