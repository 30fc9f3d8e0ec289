package dev.tunacode.core.coordinator;

import io.vertx.core.json.JsonObject;

/**
 * Builds the wire's result objects.
 */
final class CallResults {

  private CallResults() {
  }

  /** @param cached true when an earlier call's output was served: the result says so, with this call's own timing */
  static JsonObject success(PlannedCall call, JsonObject output, boolean cached, long t0) {
    JsonObject result = base(call, true).put("output", output).put("timing", timing(call, t0));
    return cached ? result.put("cached", true) : result;
  }

  static JsonObject failure(PlannedCall call, JsonObject error, long t0) {
    return base(call, false).put("error", error).put("timing", timing(call, t0));
  }

  private static JsonObject base(PlannedCall call, boolean ok) {
    return Envelopes.result(call.id, call.callId(), call.toolName, ok);
  }

  // startMs and endMs are relative to the batch's arrival, so that a client can draw a timeline.
  private static JsonObject timing(PlannedCall call, long t0) {
    return new JsonObject()
      .put("queuedMs", millis(call.startNanos - t0))
      .put("runMs", millis(call.endNanos - call.startNanos))
      .put("startMs", millis(call.startNanos - t0))
      .put("endMs", millis(call.endNanos - t0));
  }

  /** Milliseconds with microsecond precision. */
  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
