package dev.tunacode.core.coordinator;

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
  Footprint footprint = Footprint.none();
  ResolvedFootprint resolved = ResolvedFootprint.NONE;
  long timeoutMs;
  /** Set when the call failed before it could run; such a call takes no part in the graph. */
  JsonObject error;

  Batch batch;
  Session session;
  /** Its place in its session's arrivals, for earliest-first. */
  long seq;
  /** True once its result is given: at its end, or at its deadline while it may still be stopping. */
  boolean answered;
  int pendingDeps;
  final List<PlannedCall> dependents = new ArrayList<>(0);
  long startNanos;
  long endNanos;

  PlannedCall(int index, Object id, String toolName, JsonObject args) {
    this.index = index;
    this.id = id;
    this.toolName = toolName;
    this.args = args;
  }

  boolean failedEarly() {
    return error != null;
  }

  void dependsOn(PlannedCall earlier) {
    earlier.dependents.add(this);
    pendingDeps++;
  }
}
