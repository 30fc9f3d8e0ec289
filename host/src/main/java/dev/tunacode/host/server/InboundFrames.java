package dev.tunacode.host.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Checks the shape of a frame before vertx-web's bridge reads it. The bridge takes every field's type on
 * trust: an unknown type is logged as an error, and a field of another JSON type throws in the middle of
 * its handling, leaving the frame unanswered. Such a frame is answered here with what was wrong.
 */
final class InboundFrames {

  static final List<String> TYPES = List.of("send", "publish", "register", "unregister", "ping");
  /** The bridge takes no longer reply address: vertx-eventbus.js's are UUIDs. */
  static final int MAX_REPLY_ADDRESS = 36;

  private InboundFrames() {
  }

  /** @return the error frame that answers the frame, or null when the bridge may take it (or answers it itself) */
  static JsonObject refusal(Buffer data) {
    JsonObject frame;
    try {
      frame = new JsonObject(data);
    } catch (DecodeException | ClassCastException notAnObject) {
      // The bridge would answer a bare "invalid_json", which says neither what was wrong nor what to send.
      return ErrorFrames.refusal(null, 400, "A frame is a JSON object, such as {\"type\":\"send\",\"address\":\"tunacode.call\","
        + "\"replyAddress\":\"r1\",\"body\":{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}}; this one is " + kindOf(data) + ".");
    }
    Object replyAddress = frame.getValue("replyAddress");
    String answerTo = replyAddress instanceof String text && text.length() <= MAX_REPLY_ADDRESS ? text : null;
    Object type = frame.getValue("type");
    if (type != null && !TYPES.contains(type)) {
      return ErrorFrames.refusal(answerTo, 400, "A frame's type is one of " + String.join(", ", TYPES) + ", not "
        + quoted(type) + ".");
    }
    if (frame.getValue("address") != null && !(frame.getValue("address") instanceof String)) {
      return ErrorFrames.refusal(answerTo, 400, "A frame's address is a string, not " + quoted(frame.getValue("address")) + ".");
    }
    if (replyAddress != null && !(replyAddress instanceof String)) {
      return ErrorFrames.refusal(null, 400, "A frame's replyAddress is a string, not " + quoted(replyAddress) + ".");
    }
    if (replyAddress != null && answerTo == null) {
      return ErrorFrames.refusal((String) replyAddress, 400, "A replyAddress is at most " + MAX_REPLY_ADDRESS
        + " characters, such as a UUID; this one is " + ((String) replyAddress).length() + ".");
    }
    if (frame.getValue("headers") != null && !(frame.getValue("headers") instanceof JsonObject)) {
      return ErrorFrames.refusal(answerTo, 400, "A frame's headers are a JSON object, such as {\"token\":\"…\"}.");
    }
    return null;
  }

  private static String kindOf(Buffer data) {
    String text = data.toString().strip();
    if (text.isEmpty()) {
      return "empty";
    }
    String kind = switch (text.charAt(0)) {
      case '[' -> "a JSON array";
      case '"' -> "a JSON string";
      case 't', 'f' -> text.equals("true") || text.equals("false") ? "a JSON boolean" : null;
      case 'n' -> text.equals("null") ? "JSON null" : null;
      default -> text.charAt(0) == '-' || Character.isDigit(text.charAt(0)) ? "a JSON number" : null;
    };
    try {
      if (kind != null) {
        io.vertx.core.json.Json.decodeValue(text);
        return kind;
      }
    } catch (DecodeException notEvenThat) {
      // falls through
    }
    return "not JSON: " + quoted(text);
  }

  private static String quoted(Object value) {
    String text = value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
