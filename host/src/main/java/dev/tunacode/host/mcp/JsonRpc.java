package dev.tunacode.host.mcp;

import io.vertx.core.json.JsonObject;

/** The JSON-RPC 2.0 messages MCP is made of, and the error codes it uses. */
final class JsonRpc {

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  /** Implementation-defined: the server is busy or the request is refused for a reason of its own. */
  static final int SERVER_ERROR = -32000;
  /** Implementation-defined: the session a request names has ended, or never was. */
  static final int SESSION_NOT_FOUND = -32001;

  private JsonRpc() {
  }

  static JsonObject result(Object id, JsonObject result) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("result", result);
  }

  static JsonObject error(Object id, int code, String message) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id)
      .put("error", new JsonObject().put("code", code).put("message", message));
  }

  /** @param params null for a notification that carries none */
  static JsonObject notification(String method, JsonObject params) {
    JsonObject message = new JsonObject().put("jsonrpc", "2.0").put("method", method);
    return params == null ? message : message.put("params", params);
  }

  /** @return why the message is not a JSON-RPC 2.0 request, notification or response, or null when it is one */
  static String malformed(JsonObject message) {
    if (!"2.0".equals(message.getValue("jsonrpc"))) {
      return "A JSON-RPC message needs \"jsonrpc\":\"2.0\".";
    }
    Object id = message.getValue("id");
    if (message.containsKey("id") && !(id instanceof String) && !(id instanceof Number)) {
      return "\"id\" must be a string or a number (MCP allows no null id); a notification has no \"id\" at all.";
    }
    Object method = message.getValue("method");
    if (method == null) {
      return id != null && (message.containsKey("result") || message.containsKey("error")) ? null
        : "A request needs \"method\" (and \"id\"); a response needs \"id\" and \"result\" or \"error\".";
    }
    if (!(method instanceof String)) {
      return "\"method\" must be a string.";
    }
    Object params = message.getValue("params");
    if (params != null && !(params instanceof JsonObject)) {
      return "\"params\" must be an object.";
    }
    return null;
  }

  static boolean isRequest(JsonObject message) {
    return message.getValue("method") instanceof String && message.containsKey("id") && message.getValue("id") != null;
  }

  static boolean isNotification(JsonObject message) {
    return message.getValue("method") instanceof String && !message.containsKey("id");
  }
}
