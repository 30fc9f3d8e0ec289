package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.Cancellation;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Progress;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when each call runs, across every batch and single call of every session: a call starts when
 * the earlier calls of its session it conflicts with have finished (see {@link Session}), its batch has
 * a free slot of its {@code maxParallel}, and the host has one of its {@code maxRunning}. When calls of
 * several sessions are ready, the sessions take turns, one call each, so that a session with a thousand
 * queued calls delays another's by no more than a slot or so. Everything happens on the coordinator's
 * event loop, so no state needs a lock.
 */
final class Scheduler {

  /** A result's id, tool, ok and timing around its output. */
  private static final long ENVELOPE_CHARS = 200;
  /** How long a cancelled running call's tool has to stop before the coordinator answers for it. */
  static final long CANCEL_GRACE_MS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final int maxRunning;
  private final Map<String, Session> sessions = new HashMap<>();
  private final ArrayDeque<Session> turns = new ArrayDeque<>();
  /** Batches that have arrived and not replied, by id, for cancelling. */
  private final Map<String, Batch> live = new LinkedHashMap<>();
  private final Overdue overdue;
  private final CallRunner runner;
  /**
   * A quarter of the slots are kept from any one session: a session whose calls block for long (greps of
   * a huge file) filled every slot, and another session's read waited for one of them to end.
   */
  private final int maxRunningPerSession;
  private final BatchPlanner planner;
  private final Map<Session, List<PlannedCall>> toRefine = new LinkedHashMap<>();
  private boolean refineScheduled;
  private int running;
  private boolean pumping;

  /**
   * @param planner resolves calls' paths again on the pool, for calls whose paths a command of their
   *                session may have changed, and resolves deferred reads' paths; its futures complete on
   *                {@code context}
   */
  Scheduler(Vertx vertx, Context context, int maxRunning, CallRunner runner, BatchPlanner planner) {
    this.vertx = vertx;
    this.runner = runner;
    this.planner = planner;
    this.context = context;
    this.maxRunning = maxRunning;
    this.maxRunningPerSession = maxRunning - maxRunning / 4;
    this.overdue = new Overdue(vertx);
  }

  /**
   * Notes that a request of the session has arrived, before it is planned, so that requests join their
   * session in the order they arrived, however long each takes to plan.
   *
   * @return the request's place in the session's arrivals, for {@link #submit}
   */
  long arrive(Batch batch) {
    live.put(batch.id(), batch);
    batch.outcome().onComplete(done -> live.remove(batch.id()));
    Session session = sessions.computeIfAbsent(batch.session(), Session::new);
    for (PlannedCall call : batch.calls()) {
      call.pathsAsOf = session.commandsFinished();
    }
    return session.arrive();
  }

  /** Admits a planned batch at its place in its session's arrivals; a batch that arrived earlier goes first. */
  void submit(long arrival, Batch batch) {
    planned(sessions.get(batch.session()), arrival, batch);
  }

  /** A request that arrived has nothing to run after all (its planning failed): later ones need not wait for it. */
  void abandon(long arrival, Batch batch) {
    live.remove(batch.id());
    planned(sessions.get(batch.session()), arrival, null);
  }

  private void planned(Session session, long arrival, Batch batch) {
    session.planned(arrival, batch);
    Batch next;
    while ((next = session.nextPlanned()) != null) {
      admit(session, next);
    }
    pump();
    forgetIfIdle(session);
  }

  private void admit(Session session, Batch batch) {
    batch.accepted();
    for (PlannedCall call : batch.calls()) {
      call.batch = batch;
      if (call.failedEarly()) {
        answerAtOnce(call, call.error);
      } else if (call.cancelledBefore != null) {
        answerAtOnce(call, cancelledBeforeStart(call.cancelledBefore));
      } else {
        call.expected = runner.expect(call.served, call.args, call.footprint);
        session.take(call);
      }
    }
    linkHeld(session);
    offerTurn(session);
  }

  // A command of the session has finished, or calls were taken: link what can be linked, and resolve
  // again the paths of calls resolved before a command that has since run.
  private void linkHeld(Session session) {
    List<PlannedCall> again = session.link();
    List<PlannedCall> deferred = session.takeToRefine();
    if (!deferred.isEmpty()) {
      refine(session, deferred);
    }
    if (again.isEmpty()) {
      return;
    }
    long asOf = session.commandsFinished();
    planner.refine(again).onComplete(done -> {
      if (done.failed()) {
        again.forEach(call -> call.refined = null);
      }
      session.resolvedAgain(again, asOf);
      resume(List.of(session));
    });
  }

  // Paths the sessions' held calls waited for are known: link what can be linked and start what can start.
  private void resume(java.util.Collection<Session> waited) {
    waited.forEach(session -> {
      linkHeld(session);
      offerTurn(session);
    });
    pump();
    waited.forEach(this::forgetIfIdle);
  }

  private void answerAtOnce(PlannedCall call, JsonObject error) {
    call.startNanos = System.nanoTime();
    call.endNanos = call.startNanos;
    JsonObject result = CallResults.failure(call, error, call.batch.t0());
    answer(call, result, ResultSize.of(result));
  }

  // Deferred reads that writes of several sessions wait behind, asked for in one turn of the loop, are
  // resolved in one task; each session links its writes once its reads are filed under their paths.
  private void refine(Session session, List<PlannedCall> calls) {
    toRefine.computeIfAbsent(session, any -> new ArrayList<>()).addAll(calls);
    if (!refineScheduled) {
      refineScheduled = true;
      context.runOnContext(v -> {
        refineScheduled = false;
        Map<Session, List<PlannedCall>> round = new LinkedHashMap<>(toRefine);
        toRefine.clear();
        List<PlannedCall> all = new ArrayList<>();
        round.values().forEach(all::addAll);
        planner.refine(all).onComplete(done -> {
          round.forEach(Session::refined);
          resume(round.keySet());
        });
      });
    }
  }

  /** @return calls running now across every session */
  int running() {
    return running;
  }

  private void offerTurn(Session session) {
    if (!session.inTurns) {
      session.inTurns = true;
      turns.add(session);
    }
  }

  // A tool may answer before execute returns, and its end pumps again; the outer pump's loop picks up
  // what the inner one would have started, so that a chain of such calls never deepens the stack.
  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      pumpTurns();
    } finally {
      pumping = false;
    }
  }

  private void pumpTurns() {
    while (running < maxRunning && !turns.isEmpty()) {
      Session session = turns.poll();
      session.inTurns = false;
      if (session.running >= maxRunningPerSession) {
        continue; // it is offered a turn again when one of its calls ends
      }
      PlannedCall call = session.takeStartable();
      if (call == null) {
        continue;
      }
      long grant = call.batch.grant();
      if (grant == Batch.SKIP) {
        skip(call);
      } else {
        start(call, grant);
      }
      if (session.hasStartable()) {
        offerTurn(session);
      }
    }
  }

  private void skip(PlannedCall call) {
    call.startNanos = System.nanoTime();
    call.endNanos = call.startNanos;
    call.batch.notRun();
    JsonObject result = CallResults.failure(call, CallErrors.error(ErrorCode.TOO_LARGE, "Not run: the batch's reply reached "
      + "this host's budget (coordinator.maxReplyBytes). Send the calls answered 'Not run' again, in a new batch."),
      call.batch.t0());
    answer(call, result, ResultSize.of(result));
    call.session.finished(call);
    linkHeld(call.session);
    offerTurn(call.session);
  }

  // The coordinator runs a local tool directly rather than through its verticle's address: two fewer
  // event-loop hops per call, which is most of a call's cost. The tool's future may complete on any
  // thread, so its outcome is brought back to this context before it touches any state.
  private void start(PlannedCall call, long grant) {
    running++;
    call.session.running++;
    call.started = true;
    call.grant = grant;
    call.batch.started(grant);
    call.startNanos = System.nanoTime();
    call.batch.listener().callStarted(call.toolName);
    Progress progress = Progress.NONE;
    if (call.batch.events() != null) {
      call.live = new LiveOutput(vertx, context, call, call.batch.events());
      progress = call.live;
    }
    Future<RunOutput> outcome;
    try {
      ToolRegistry.Entry entered = planner.enter(call);
      outcome = runner.run(entered, new ToolCall(call.args, call.timeoutMs, grant, call.cancellation, progress),
        call.resolved.everything() ? null : call.resolved.writes(), call.expected);
    } catch (ToolException gone) {
      outcome = Future.failedFuture(gone);
    }
    if (outcome.isComplete()) {
      ended(call, outcome);
      return;
    }
    long timer = vertx.setTimer(call.timeoutMs, fired -> timedOut(call));
    outcome.onComplete(done -> onContext(() -> {
      vertx.cancelTimer(timer);
      ended(call, done);
    }));
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  // The caller has its answer at the deadline; the call keeps its slot and its paths until the tool has
  // really stopped, so that a later conflicting call never overlaps an abandoned one.
  private void timedOut(PlannedCall call) {
    call.cancellation.request(Cancellation.Reason.TIMED_OUT);
    if (call.answered) {
      return;
    }
    call.endNanos = System.nanoTime();
    JsonObject result = CallResults.failure(call, CallErrors.toError(call.toolName, CallErrors.timeout(call.toolName)),
      call.batch.t0());
    answer(call, result, ResultSize.of(result));
    overdue.watch(call);
  }

  private void ended(PlannedCall call, AsyncResult<RunOutput> done) {
    if (!call.answered) {
      call.endNanos = System.nanoTime();
      answerOutcome(call, done);
    }
    overdue.ended(call);
    running--;
    call.session.running--;
    call.batch.stopped();
    Session session = call.session;
    session.finished(call);
    linkHeld(session);
    offerTurn(session);
    pump();
    forgetIfIdle(session);
  }

  private void answerOutcome(PlannedCall call, AsyncResult<RunOutput> done) {
    long t0 = call.batch.t0();
    if (done.failed()) {
      JsonObject result = CallResults.failure(call, CallErrors.toError(call.toolName, done.cause()), t0);
      if (done.cause() instanceof ToolException failure && failure.output() != null) {
        result.put("output", failure.output());
      }
      answer(call, result, ResultSize.of(result));
      return;
    }
    // The built-in tools stop near the budget themselves; this holds a plugin's tool to it too.
    JsonObject output = done.result().output();
    long size = done.result().size() >= 0 ? done.result().size() : ResultSize.of(output);
    if (size <= call.grant) {
      answer(call, CallResults.success(call, output, done.result().cached(), t0), size + ENVELOPE_CHARS);
      return;
    }
    JsonObject result = CallResults.failure(call, CallErrors.error(ErrorCode.TOO_LARGE, "The output of " + call.toolName
      + " is about " + size + " characters, over this host's budget of " + call.grant + " for one call's output "
      + "(tools.maxResultBytes, shared among the calls of a batch that run at once). Ask for less: a narrower path or "
      + "pattern, or a smaller max_results or limit."), t0);
    answer(call, result, ResultSize.of(result));
  }

  private void answer(PlannedCall call, JsonObject result, long chars) {
    if (call.live != null) {
      call.live.close();
    }
    call.answered = true;
    call.batch.answer(call, result, chars);
  }

  /**
   * Cancels what the request names: a call that has not started never will and is answered
   * {@code CANCELLED} now; a running one is asked to stop and answered with what its tool returns, or
   * {@code CANCELLED} after {@link #CANCEL_GRACE_MS} if the tool has not stopped by then.
   *
   * @return the reply: how many calls were cancelled and in which state each was
   */
  JsonObject cancel(CancelRequest request) {
    JsonArray cancelled = new JsonArray();
    String why = request.reason() == null ? "" : " (" + request.reason() + ")";
    List<Batch> batches = live.values().stream().filter(request::matches).toList();
    for (Batch batch : batches) {
      for (PlannedCall call : batch.calls()) {
        if (call.answered || call.failedEarly() || call.hollow || call.cancelledBefore != null || !request.matches(batch, call)) {
          continue;
        }
        String state;
        if (!batch.admitted) {
          call.cancelledBefore = why;
          state = "waiting";
        } else if (!call.started) {
          cancelWaiting(call, why);
          state = "waiting";
        } else {
          cancelRunning(call, why);
          state = "running";
        }
        cancelled.add(new JsonObject().put("batchId", batch.id()).put("callId", batch.id() + "/" + call.index)
          .put("id", call.id).put("tool", call.toolName).put("state", state));
      }
    }
    pump();
    for (Batch batch : batches) {
      Session session = sessions.get(batch.session());
      if (session != null) {
        forgetIfIdle(session);
      }
    }
    return CancelReplies.of(request, cancelled);
  }

  private void cancelWaiting(PlannedCall call, String why) {
    answerAtOnce(call, cancelledBeforeStart(why));
    call.session.cancelWaiting(call);
    linkHeld(call.session);
    offerTurn(call.session);
  }

  private static JsonObject cancelledBeforeStart(String why) {
    return CallErrors.error(ErrorCode.CANCELLED, "Cancelled" + why + " before it started; it did not run.");
  }

  private void cancelRunning(PlannedCall call, String why) {
    if (!call.cancellation.request(Cancellation.Reason.CANCELLED)) {
      return;
    }
    vertx.setTimer(CANCEL_GRACE_MS, fired -> {
      if (!call.answered) {
        call.endNanos = System.nanoTime();
        JsonObject result = CallResults.failure(call, CallErrors.error(ErrorCode.CANCELLED, "Cancelled" + why
          + " while running. The tool was asked to stop and has not yet; later calls that touch its paths wait until it has."),
          call.batch.t0());
        answer(call, result, ResultSize.of(result));
        overdue.watch(call);
      }
    });
  }

  /** @return the calls still running after their answer was given, oldest first */
  Overdue overdue() {
    return overdue;
  }

  private void forgetIfIdle(Session session) {
    if (session.idle() && sessions.get(session.id()) == session) {
      sessions.remove(session.id());
    }
  }
}
