package dev.tunacode.host.server;

import io.vertx.core.json.JsonObject;

/**
 * The error frame a refusal goes out as, shaped as the bridge's own failed replies are so that a client's
 * callback gets it: on the request's reply address when it has one, else with the message as its body.
 */
final class ErrorFrames {

  private ErrorFrames() {
  }

  /** @param replyAddress the request's reply address, or null */
  static JsonObject refusal(String replyAddress, int code, String message) {
    JsonObject error = new JsonObject().put("type", "err").put("failureCode", code)
      .put("failureType", "RECIPIENT_FAILURE").put("message", message);
    return replyAddress != null ? error.put("address", replyAddress) : error.put("body", message);
  }
}
