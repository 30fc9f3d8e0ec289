package dev.tunacode.core.coordinator;

import dev.tunacode.core.codec.HandOffJsonCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One batch (or single call) on its way to its reply: its calls' results in call order, its own cap on
 * calls running at once, its reply's size budget and its stats. A call is answered once (at its end, or
 * at its deadline); the batch replies when every call is answered, whether or not a timed-out one is
 * still stopping. Lives on the coordinator's event loop.
 */
final class Batch {

  /** The most a "Not run" answer takes, with a long id and tool name. */
  static final long NOT_RUN_CHARS = 400;

  private final Vertx vertx;
  private final String id;
  private final List<PlannedCall> calls;
  private final int maxParallel;
  private final String events;
  private final ReplyBudget budget;
  private final CoordinatorListener listener;
  private final long t0;
  private final JsonObject[] results;
  private final Promise<Outcome> done = Promise.promise();
  private int running;
  private int maxConcurrency;
  private int answered;
  private int errors;
  private int notRun;
  private long sumRunNanos;
  private long replyChars;

  Batch(Vertx vertx, String id, BatchRequest request, ReplyBudget budget, CoordinatorListener listener, long t0) {
    this.vertx = vertx;
    this.id = id;
    this.calls = request.calls();
    this.maxParallel = request.maxParallel();
    this.events = request.events();
    this.budget = budget;
    this.listener = listener;
    this.t0 = t0;
    this.results = new JsonObject[calls.size()];
    if (calls.isEmpty()) {
      complete();
    }
  }

  String id() {
    return id;
  }

  long t0() {
    return t0;
  }

  List<PlannedCall> calls() {
    return calls;
  }

  ReplyBudget budget() {
    return budget;
  }

  CoordinatorListener listener() {
    return listener;
  }

  Future<Outcome> outcome() {
    return done.future();
  }

  boolean hasRoom() {
    return running < maxParallel;
  }

  // Room is kept for a "Not run" answer to every call not answered, so that those answers too fit.
  boolean overBudget() {
    return replyChars + (long) (calls.size() - answered) * NOT_RUN_CHARS > budget.perReply();
  }

  void started() {
    running++;
    maxConcurrency = Math.max(maxConcurrency, running);
  }

  /** One of its calls has stopped running, answered or not. */
  void stopped() {
    running--;
  }

  void notRun() {
    notRun++;
  }

  /**
   * Records a call's result, publishes it to the batch's events address, and replies once every call
   * is answered.
   *
   * @param chars about how much of the reply the result takes
   */
  void answer(PlannedCall call, JsonObject result, long chars) {
    results[call.index] = result;
    replyChars += chars;
    sumRunNanos += call.endNanos - call.startNanos;
    JsonObject error = result.getJsonObject("error");
    if (error != null) {
      errors++;
    }
    listener.callEnded(call.toolName, error == null ? null : error.getString("code"), call.startNanos - t0,
      call.endNanos - call.startNanos, !call.failedEarly());
    if (events != null) {
      // A copy of the result's top level only: a deep copy of a large output blocked this loop for half a
      // second, and nothing changes an output once it is done. Consumers must not change it either.
      JsonObject event = new JsonObject(new LinkedHashMap<>(result.getMap())).put("index", call.index).put("batchId", id);
      vertx.eventBus().publish(events, event, HandOffJsonCodec.HAND_OFF);
    }
    if (++answered == calls.size()) {
      complete();
    }
  }

  private void complete() {
    double wallMs = CallResults.millis(System.nanoTime() - t0);
    double sumMs = CallResults.millis(sumRunNanos);
    double speedup = wallMs > 0 ? Math.round(sumMs / wallMs * 100) / 100.0 : 0.0;
    listener.batchEnded(calls.size(), wallMs, speedup);
    done.complete(new Outcome(id, results, errors, notRun, wallMs, sumMs, speedup, maxConcurrency, maxParallel));
  }

  /**
   * A finished batch. A single call answers with its one result, so the batch's own JSON is built only
   * when asked for.
   *
   * @param results the results in call order
   * @param notRun  calls not started because the reply had reached its budget
   */
  record Outcome(String batchId, JsonObject[] results, int errors, int notRun, double wallMs, double sumMs, double speedup,
                 int maxConcurrency, int maxParallel) {

    /** @return the {@code tunacode.batch} reply */
    JsonObject toJson() {
      JsonObject stats = new JsonObject()
        .put("calls", results.length)
        .put("errors", errors)
        .put("notRun", notRun)
        .put("wallMs", wallMs)
        .put("sumMs", sumMs)
        .put("speedup", speedup)
        .put("maxConcurrency", maxConcurrency)
        .put("maxParallel", maxParallel);
      return new JsonObject().put("ok", true).put("batchId", batchId)
        .put("results", new JsonArray(new ArrayList<>(Arrays.asList((Object[]) results)))).put("stats", stats);
    }
  }
}
