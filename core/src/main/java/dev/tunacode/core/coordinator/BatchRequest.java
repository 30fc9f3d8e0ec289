package dev.tunacode.core.coordinator;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A checked {@code tunacode.batch} request.
 *
 * @param calls       the calls, in order
 * @param maxParallel how many calls may run at once
 * @param timeoutMs   the per-call time limit for every call, or 0 for each tool's own default
 * @param events      the address that receives one message per finished call, or null
 * @param session     the session the calls belong to, or null for a session of their own
 * @param connection  the bridge connection that sent it, or null; set by the bridge, for cancelling a
 *                    connection's calls when it closes
 */
record BatchRequest(List<PlannedCall> calls, int maxParallel, long timeoutMs, String events, String session,
                    String connection) {

  /** The most calls one batch may carry. */
  static final int MAX_CALLS = 10_000;
  /** The longest session name. */
  static final int MAX_SESSION_CHARS = 200;

  static BatchRequest parse(JsonObject body, int defaultMaxParallel) {
    if (body == null) {
      throw invalid("The batch is empty. Send {\"calls\":[{\"tool\":\"read_file\",\"args\":{\"filepath\":\"README.md\"}}]}.");
    }
    Object rawCalls = body.getValue("calls");
    if (!(rawCalls instanceof JsonArray array)) {
      throw invalid("The batch needs a 'calls' array, such as {\"calls\":[{\"tool\":\"echo\",\"args\":{}}]}.");
    }
    if (array.size() > MAX_CALLS) {
      throw invalid("The batch has " + array.size() + " calls; the most one batch may carry is " + MAX_CALLS + ". Split it.");
    }
    List<PlannedCall> calls = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      calls.add(parseCall(i, array.getValue(i)));
    }
    int maxParallel = positiveInt(body, "maxParallel", defaultMaxParallel);
    long timeoutMs = positiveInt(body, "timeoutMs", 0);
    Object events = body.getValue("events");
    if (events != null && !(events instanceof String s && !s.isBlank())) {
      throw invalid("'events' must be an event-bus address (a non-empty string), or left out.");
    }
    return new BatchRequest(calls, maxParallel, timeoutMs, (String) events, name(body, "session"), name(body, "connection"));
  }

  /** @return a session's or connection's name, checked, or null when there is none */
  static String name(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String name) || name.isBlank() || name.length() > MAX_SESSION_CHARS) {
      throw invalid("'" + field + "' must name the " + field + ", a non-blank string of at most " + MAX_SESSION_CHARS
        + " characters, or be left out.");
    }
    return name;
  }

  /** Parses one call object; a call that cannot run keeps its slot and carries its error. */
  static PlannedCall parseCall(int index, Object raw) {
    if (!(raw instanceof JsonObject call)) {
      PlannedCall broken = new PlannedCall(index, String.valueOf(index), null, new JsonObject());
      broken.error = CallErrors.error(ErrorCode.INVALID_ARGS,
        "Call " + index + " is not an object. Send {\"tool\":\"<name>\",\"args\":{...}}.");
      return broken;
    }
    Object id = call.getValue("id", String.valueOf(index));
    Object tool = call.getValue("tool");
    Object args = call.getValue("args", new JsonObject());
    PlannedCall planned = new PlannedCall(index, id, tool instanceof String s ? s : null,
      args instanceof JsonObject a ? a : new JsonObject());
    if (!(tool instanceof String)) {
      planned.error = CallErrors.error(ErrorCode.INVALID_ARGS,
        "Call " + index + " has no 'tool' name. Send {\"tool\":\"<name>\",\"args\":{...}}; tunacode.tools lists the names.");
    } else if (!(args instanceof JsonObject)) {
      planned.error = CallErrors.error(ErrorCode.INVALID_ARGS,
        "The 'args' of call " + index + " (" + tool + ") must be an object of named arguments.");
    }
    return planned;
  }

  private static int positiveInt(JsonObject body, String field, int fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1) {
      throw invalid("'" + field + "' must be a positive whole number, got " + value + ".");
    }
    // A number past a long reads as a double here, so the comparison is made on that.
    if (n.doubleValue() > Integer.MAX_VALUE) {
      throw invalid("'" + field + "' is at most " + Integer.MAX_VALUE + ", got " + value + "; leave it out for the default.");
    }
    return n.intValue();
  }

  private static ToolException invalid(String message) {
    return new ToolException(ErrorCode.INVALID_ARGS, message);
  }
}
