package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.Cancellation;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One call of a batch on its way through planning and running. Lives on the coordinator's event loop.
 */
final class PlannedCall {

  final int index;
  final Object id;
  final String toolName;
  JsonObject args;
  Tool tool;
  /** The version of its tool it was planned for; it may run on a newer one (see {@link BatchPlanner#enter}). */
  ToolRegistry.Entry served;
  Footprint footprint = Footprint.none();
  ResolvedFootprint resolved = ResolvedFootprint.NONE;
  long timeoutMs;
  /** Set when the call failed before it could run; such a call takes no part in the graph. */
  JsonObject error;

  Batch batch;
  Session session;
  /** A read whose paths were not resolved at planning: it stands for a read of the whole workspace until refined. */
  boolean deferred;
  /** Its paths, resolved after it was linked under its stand-in; set on the pool, read on the loop after. */
  volatile ResolvedFootprint refined;
  /** What its runner worked out when it was admitted ({@link CallRunner#expect}). */
  Object expected;
  /** Taken by its session but not yet linked (see {@link Session#link}). */
  boolean held;
  /** How many commands of its session had finished when its paths were resolved. */
  long pathsAsOf;
  /** Its place in its session's arrivals, for earliest-first. */
  long seq;
  /** True once its result is given: at its end, at its deadline or at a cancel, while it may still be stopping. */
  boolean answered;
  boolean started;
  /** Its tool has returned, whether or not it was answered before. */
  volatile boolean stopped;
  /** Cancelled before it started: it will never run, but stays in its session's order until its turn. */
  boolean hollow;
  /** Why a cancel reached it before its batch was admitted; it is answered at admission. */
  String cancelledBefore;
  final Cancellation cancellation = new Cancellation();
  /** Its output as it runs, when its batch has an events address. */
  LiveOutput live;
  int pendingDeps;
  final List<PlannedCall> dependents = new ArrayList<>(0);
  /** The output it was granted when it started (see {@link Batch#grant()}); 0 before. */
  long grant;
  long startNanos;
  long endNanos;

  PlannedCall(int index, Object id, String toolName, JsonObject args) {
    this.index = index;
    this.id = id;
    this.toolName = toolName;
    this.args = args;
  }

  /** @return its id unique on the host: its batch's id and its place in the batch */
  String callId() {
    return batch.id() + "/" + index;
  }

  boolean failedEarly() {
    return error != null;
  }

  void dependsOn(PlannedCall earlier) {
    earlier.dependents.add(this);
    pendingDeps++;
  }
}
