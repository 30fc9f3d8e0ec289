package dev.tunacode.core.coordinator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The reply to {@code tunacode.cancel}.
 */
public final class CancelReplies {

  private CancelReplies() {
  }

  /** @param cancelled one {@code {"batchId","callId","id","tool","state"}} per call cancelled */
  static JsonObject of(CancelRequest request, JsonArray cancelled) {
    long waiting = cancelled.stream().filter(call -> "waiting".equals(((JsonObject) call).getString("state"))).count();
    long running = cancelled.size() - waiting;
    String text = cancelled.isEmpty()
      ? "Nothing to cancel: no call of " + request.target() + " is waiting or running. It has finished, or there was none."
      : "Cancelled " + count(cancelled.size()) + " of " + request.target() + ": " + waiting + " waiting, which will not run, and "
        + running + " running, which " + (running == 1 ? "was" : "were") + " asked to stop.";
    return new JsonObject().put("ok", true).put("cancelled", cancelled.size()).put("calls", cancelled).put("text", text);
  }

  /**
   * One reply for a cancel a router sent to several hosts.
   *
   * @param request the cancel as the client sent it
   * @param replies each host's reply
   */
  public static JsonObject merge(JsonObject request, java.util.List<JsonObject> replies) {
    JsonArray cancelled = new JsonArray();
    replies.forEach(reply -> cancelled.addAll(reply.getJsonArray("calls", new JsonArray())));
    return of(CancelRequest.parse(request), cancelled);
  }

  private static String count(int calls) {
    return calls == 1 ? "1 call" : calls + " calls";
  }
}
