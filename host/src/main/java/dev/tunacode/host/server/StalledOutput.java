package dev.tunacode.host.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * A command's live output for a client that does not read it as fast as it comes. While the connection's
 * write queue is full, output events are dropped here, not queued: a client that reads nothing would
 * otherwise hold in the host everything a command prints. The next output event of the same call and
 * stream that goes out says how much was left out, in {@code skipped}. Results are never dropped.
 * Touched only from the connection's own context.
 */
final class StalledOutput {

  /** What was left out, per call and stream, not yet told to the client. */
  private final Map<String, Long> skipped = new HashMap<>();

  /**
   * @param body      an events message bound for the client
   * @param queueFull whether the connection's write queue is full now
   * @return true when the message is to be dropped
   */
  boolean drop(JsonObject body, boolean queueFull) {
    if (!"output".equals(body.getString("type"))) {
      return false;
    }
    String key = body.getString("callId") + '\n' + body.getString("stream", "matches");
    if (queueFull) {
      long size = body.getValue("data") instanceof String data ? data.length()
        : body.getValue("matches") instanceof JsonArray matches ? matches.size() : 0;
      skipped.merge(key, size + body.getLong("skipped", 0L), Long::sum);
      return true;
    }
    Long before = skipped.remove(key);
    if (before != null) {
      body.put("skipped", body.getLong("skipped", 0L) + before);
    }
    return false;
  }
}
