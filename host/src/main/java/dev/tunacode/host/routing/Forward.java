package dev.tunacode.host.routing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A call or batch this router has taken and not yet answered: where it went, and, for one that writes or
 * runs a command, which of its calls have finished there, so that the node's loss can be answered call
 * by call.
 */
final class Forward {

  final long seq;
  final String batchId;
  /** Where its answer goes: the client's message, or the batch whose calls it retries. */
  final Consumer<JsonObject> answer;
  final JsonObject request;
  final boolean single;
  final String workspace;
  /** The session's route key, or null for a request of no session. */
  final String session;
  final long startedNanos = System.nanoTime();
  /** The calls' tool names, in order (one for a single call). */
  final List<String> tools;
  /** The events address the client gave, for a tracked forward whose events come to the router first. */
  String clientEvents;
  /** Whether every call only reads, on the node it was sent to. */
  boolean readOnly;
  /** Whether the router hears its results as they come (a forward that writes or runs a command). */
  boolean tracked;
  WorkspaceNode node;
  /** Whether it was sent again after its node had no host for it. */
  boolean redelivered;
  /** Counts its sends: a reply to an earlier one (from a node given up for lost) is not its answer. */
  int attempt;
  /** For a tracked forward, each call's result once its node has sent it. */
  JsonObject[] results;

  Forward(long seq, String batchId, Consumer<JsonObject> answer, JsonObject request, boolean single, String workspace,
          String session) {
    this.seq = seq;
    this.batchId = batchId;
    this.answer = answer;
    this.request = request;
    this.single = single;
    this.workspace = workspace;
    this.session = session;
    this.tools = toolsOf(request, single);
  }

  private static List<String> toolsOf(JsonObject request, boolean single) {
    List<String> names = new ArrayList<>();
    if (single) {
      names.add(request.getValue("tool") instanceof String name ? name : null);
      return names;
    }
    if (request.getValue("calls") instanceof JsonArray calls) {
      for (Object call : calls) {
        names.add(call instanceof JsonObject object && object.getValue("tool") instanceof String name ? name : null);
      }
    }
    return names;
  }

  /** @return the call's own id in its request, as its result names it */
  Object callId(int index) {
    Object call = single ? request : request.getJsonArray("calls").getValue(index);
    return call instanceof JsonObject object ? object.getValue("id", String.valueOf(index)) : String.valueOf(index);
  }

  /** @return whether the call is known to have finished */
  boolean finished(int index) {
    return results != null && results[index] != null;
  }
}
