package dev.tunacode.core.coordinator;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.registry.ToolVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs one linked batch: a call starts when all it depends on have finished and fewer than
 * {@code maxParallel} calls are running, earliest call first. Everything here happens on the
 * coordinator's event loop, so no state needs a lock.
 */
final class BatchRun {

  private final Vertx vertx;
  private final List<PlannedCall> calls;
  private final int maxParallel;
  private final String events;
  private final long t0;
  private final PriorityQueue<PlannedCall> ready = new PriorityQueue<>(Comparator.comparingInt(c -> c.index));
  private final JsonObject[] results;
  private final Promise<JsonObject> done = Promise.promise();
  private int running;
  private int maxConcurrency;
  private int finished;
  private int errors;
  private long sumRunNanos;

  BatchRun(Vertx vertx, List<PlannedCall> calls, int maxParallel, String events, long t0) {
    this.vertx = vertx;
    this.calls = calls;
    this.maxParallel = maxParallel;
    this.events = events;
    this.t0 = t0;
    this.results = new JsonObject[calls.size()];
  }

  Future<JsonObject> run() {
    for (PlannedCall call : calls) {
      if (call.failedEarly()) {
        call.startNanos = call.endNanos = System.nanoTime();
        finish(call, CallResults.failure(call, call.error, t0));
      } else if (call.pendingDeps == 0) {
        ready.add(call);
      }
    }
    pump();
    if (calls.isEmpty()) {
      complete();
    }
    return done.future();
  }

  private void pump() {
    while (running < maxParallel && !ready.isEmpty()) {
      start(ready.poll());
    }
  }

  private void start(PlannedCall call) {
    running++;
    maxConcurrency = Math.max(maxConcurrency, running);
    call.startNanos = System.nanoTime();
    DeliveryOptions options = new DeliveryOptions()
      .setSendTimeout(call.timeoutMs)
      .addHeader(ToolVerticle.TIMEOUT_HEADER, Long.toString(call.timeoutMs));
    vertx.eventBus().<JsonObject>request(Addresses.tool(call.toolName), call.args, options)
      .onComplete(reply -> {
        call.endNanos = System.nanoTime();
        running--;
        sumRunNanos += call.endNanos - call.startNanos;
        finish(call, reply.succeeded() ? fromEnvelope(call, reply.result())
          : CallResults.failure(call, CallErrors.toError(call.toolName, reply.cause()), t0));
        for (PlannedCall next : call.dependents) {
          if (--next.pendingDeps == 0) {
            ready.add(next);
          }
        }
        pump();
      });
  }

  private JsonObject fromEnvelope(PlannedCall call, Message<JsonObject> reply) {
    JsonObject envelope = reply.body();
    return envelope.getBoolean("ok", false)
      ? CallResults.success(call, envelope.getJsonObject("output"), t0)
      : CallResults.failure(call, envelope.getJsonObject("error"), t0);
  }

  private void finish(PlannedCall call, JsonObject result) {
    results[call.index] = result;
    if (!result.getBoolean("ok")) {
      errors++;
    }
    if (events != null) {
      vertx.eventBus().publish(events, result.copy().put("index", call.index));
    }
    if (++finished == calls.size()) {
      complete();
    }
  }

  private void complete() {
    double wallMs = CallResults.millis(System.nanoTime() - t0);
    double sumMs = CallResults.millis(sumRunNanos);
    JsonObject stats = new JsonObject()
      .put("calls", calls.size())
      .put("errors", errors)
      .put("wallMs", wallMs)
      .put("sumMs", sumMs)
      .put("speedup", wallMs > 0 ? Math.round(sumMs / wallMs * 100) / 100.0 : 0.0)
      .put("maxConcurrency", maxConcurrency)
      .put("maxParallel", maxParallel);
    done.complete(new JsonObject().put("ok", true).put("results", new JsonArray(List.of((Object[]) results))).put("stats", stats));
  }
}
