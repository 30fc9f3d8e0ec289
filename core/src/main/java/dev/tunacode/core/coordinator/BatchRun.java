package dev.tunacode.core.coordinator;

import dev.tunacode.core.codec.HandOffJsonCodec;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs one linked batch: a call starts when all it depends on have finished and fewer than
 * {@code maxParallel} calls are running, earliest call first. Everything here happens on the
 * coordinator's event loop, so no state needs a lock.
 */
final class BatchRun {

  /** A result's id, tool, ok and timing around its output. */
  private static final long ENVELOPE_CHARS = 160;
  /** The most a "Not run" answer takes, with a long id and tool name. */
  private static final long NOT_RUN_CHARS = 400;

  private final Vertx vertx;
  private final Context context;
  private final List<PlannedCall> calls;
  private final int maxParallel;
  private final String events;
  private final CoordinatorListener listener;
  private final ReplyBudget budget;
  private final long t0;
  private final PriorityQueue<PlannedCall> ready = new PriorityQueue<>(Comparator.comparingInt(c -> c.index));
  private final JsonObject[] results;
  private final Promise<Outcome> done = Promise.promise();
  private int running;
  private int maxConcurrency;
  private int finished;
  private int errors;
  private long sumRunNanos;
  private long replyChars;
  private int notRun;

  BatchRun(Vertx vertx, List<PlannedCall> calls, int maxParallel, String events, long t0, ReplyBudget budget,
           CoordinatorListener listener) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.calls = calls;
    this.maxParallel = maxParallel;
    this.events = events;
    this.listener = listener;
    this.budget = budget;
    this.t0 = t0;
    this.results = new JsonObject[calls.size()];
  }

  Future<Outcome> run() {
    for (PlannedCall call : calls) {
      if (call.failedEarly()) {
        call.startNanos = System.nanoTime();
        call.endNanos = call.startNanos;
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

  // Once the finished results fill the reply's budget, no call starts: each ready one is answered as not
  // run, which makes the calls waiting on it ready in turn.
  private void pump() {
    while (!ready.isEmpty() && (overBudget() || running < maxParallel)) {
      PlannedCall next = ready.poll();
      if (overBudget()) {
        skip(next);
      } else {
        start(next);
      }
    }
  }

  // Room is kept for a "Not run" answer to every call not finished, so that those answers too fit.
  private boolean overBudget() {
    return replyChars + (long) (calls.size() - finished) * NOT_RUN_CHARS > budget.perReply();
  }

  private void skip(PlannedCall call) {
    call.startNanos = System.nanoTime();
    call.endNanos = call.startNanos;
    notRun++;
    finish(call, CallResults.failure(call, CallErrors.error(ErrorCode.TOO_LARGE, "Not run: the batch's reply reached this "
      + "host's budget (coordinator.maxReplyBytes). Send the calls answered 'Not run' again, in a new batch."), t0));
    release(call);
  }

  // The coordinator runs a local tool directly rather than through its verticle's address: two fewer
  // event-loop hops per call, which is most of a call's cost. The tool's future may complete on any
  // thread, so its outcome is brought back to this context before it touches the batch's state.
  private void start(PlannedCall call) {
    running++;
    maxConcurrency = Math.max(maxConcurrency, running);
    call.startNanos = System.nanoTime();
    listener.callStarted(call.toolName);
    Future<JsonObject> outcome;
    try {
      outcome = call.tool.execute(new ToolCall(call.args, call.timeoutMs, budget.perResult()));
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    if (outcome.isComplete()) {
      settle(call, outcome);
      return;
    }
    long timer = vertx.setTimer(call.timeoutMs, fired -> settle(call, Future.failedFuture(CallErrors.timeout(call.toolName))));
    outcome.onComplete(done -> onContext(() -> {
      vertx.cancelTimer(timer);
      settle(call, done);
    }));
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void settle(PlannedCall call, AsyncResult<JsonObject> done) {
    if (call.endNanos != 0) {
      return;
    }
    call.endNanos = System.nanoTime();
    running--;
    sumRunNanos += call.endNanos - call.startNanos;
    if (done.failed()) {
      finish(call, CallResults.failure(call, CallErrors.toError(call.toolName, done.cause()), t0));
    } else {
      // The built-in tools stop near the budget themselves; this holds a plugin's tool to it too.
      long size = ResultSize.of(done.result());
      if (size <= budget.perResult()) {
        finish(call, CallResults.success(call, done.result(), t0), size + ENVELOPE_CHARS);
      } else {
        finish(call, CallResults.failure(call, CallErrors.error(ErrorCode.TOO_LARGE, "The output of " + call.toolName
          + " is about " + size + " characters, over this host's budget of " + budget.perResult() + " for one call's "
          + "output (tools.maxResultBytes). Ask for less: a narrower path or pattern, or a smaller max_results or limit."), t0));
      }
    }
    release(call);
    pump();
  }

  private void release(PlannedCall call) {
    for (PlannedCall next : call.dependents) {
      if (--next.pendingDeps == 0) {
        ready.add(next);
      }
    }
  }

  private void finish(PlannedCall call, JsonObject result) {
    finish(call, result, ResultSize.of(result));
  }

  private void finish(PlannedCall call, JsonObject result, long chars) {
    results[call.index] = result;
    replyChars += chars;
    JsonObject error = result.getJsonObject("error");
    if (error != null) {
      errors++;
    }
    listener.callEnded(call.toolName, error == null ? null : error.getString("code"), call.startNanos - t0,
      call.endNanos - call.startNanos, !call.failedEarly());
    if (events != null) {
      // A copy of the result's top level only: a deep copy of a large output blocked this loop for half a
      // second, and nothing changes an output once it is done. Consumers must not change it either.
      JsonObject event = new JsonObject(new LinkedHashMap<>(result.getMap())).put("index", call.index);
      vertx.eventBus().publish(events, event, HandOffJsonCodec.HAND_OFF);
    }
    if (++finished == calls.size()) {
      complete();
    }
  }

  private void complete() {
    double wallMs = CallResults.millis(System.nanoTime() - t0);
    double sumMs = CallResults.millis(sumRunNanos);
    double speedup = wallMs > 0 ? Math.round(sumMs / wallMs * 100) / 100.0 : 0.0;
    listener.batchEnded(calls.size(), wallMs, speedup);
    done.complete(new Outcome(results, errors, notRun, wallMs, sumMs, speedup, maxConcurrency, maxParallel));
  }

  /**
   * A finished batch. A single call answers with its one result, so the batch's own JSON is built only
   * when asked for.
   *
   * @param results the results in call order
   * @param notRun  calls not started because the reply had reached its budget
   */
  record Outcome(JsonObject[] results, int errors, int notRun, double wallMs, double sumMs, double speedup, int maxConcurrency,
                 int maxParallel) {

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
      return new JsonObject().put("ok", true).put("results", new JsonArray(new ArrayList<>(Arrays.asList((Object[]) results))))
        .put("stats", stats);
    }
  }
}
