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
  /** The least output a call is started with; below it, calls wait for running ones to end, or are not run. */
  static final long MIN_GRANT = 64 * 1024;
  static final long WAIT = 0;
  static final long SKIP = -1;

  private final Vertx vertx;
  private final String id;
  private final String session;
  private final String connection;
  /** Planned and handed to its session; before that, a cancel marks its calls instead. */
  boolean admitted;
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
  /** What the calls started and not answered were granted. */
  private long reserved;

  /** @param maxRunning the host's cap on calls running at once, which caps the batch's own too */
  Batch(Vertx vertx, String id, String session, BatchRequest request, int maxRunning, ReplyBudget budget,
        CoordinatorListener listener, long t0) {
    this.vertx = vertx;
    this.id = id;
    this.session = session;
    this.connection = request.connection();
    this.calls = request.calls();
    this.maxParallel = Math.min(request.maxParallel(), maxRunning);
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

  String session() {
    return session;
  }

  String connection() {
    return connection;
  }

  /** @return the events address, or null */
  String events() {
    return events;
  }

  Vertx vertx() {
    return vertx;
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

  /**
   * How much output the next call may have, so that the reply stays within its budget however many calls
   * run at once: each call that starts is granted a share of what is left, and its grant is held until
   * it is answered. Room is kept for a "Not run" answer to every call not answered, so those fit too.
   *
   * @return the grant, or {@link #WAIT} while the batch has no free slot or too little left until a
   *   running call ends, or {@link #SKIP} when nothing is running and too little is left: the call is not run
   */
  long grant() {
    long unanswered = calls.size() - answered;
    long free = budget.perReply() - replyChars - reserved - (unanswered - 1) * NOT_RUN_CHARS;
    if (free < MIN_GRANT) {
      return running > 0 ? WAIT : SKIP;
    }
    if (running >= maxParallel) {
      return WAIT;
    }
    long share = free / Math.max(1, Math.min(maxParallel, unanswered));
    return Math.min(budget.perResult(), Math.max(MIN_GRANT, share));
  }

  void started(long grant) {
    running++;
    reserved += grant;
    maxConcurrency = Math.max(maxConcurrency, running);
  }

  /** One of its calls has stopped running, answered or not. */
  void stopped() {
    running--;
  }

  /** Tells the events address that the batch has joined its session, so that a client knows its id at once. */
  void accepted() {
    admitted = true;
    if (events != null) {
      vertx.eventBus().publish(events, new JsonObject().put("type", "accepted").put("batchId", id).put("session", session)
        .put("calls", calls.size()).put("ids", new JsonArray(calls.stream().map(call -> call.id).toList())));
    }
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
    reserved -= call.grant;
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
      JsonObject event = new JsonObject(new LinkedHashMap<>(result.getMap())).put("type", "result").put("index", call.index)
        .put("batchId", id);
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

    /** @return the same outcome with results of its own, to hand to a second receiver */
    Outcome copy() {
      JsonObject[] copied = Arrays.stream(results).map(JsonObject::copy).toArray(JsonObject[]::new);
      return new Outcome(batchId, copied, errors, notRun, wallMs, sumMs, speedup, maxConcurrency, maxParallel);
    }
  }
}
