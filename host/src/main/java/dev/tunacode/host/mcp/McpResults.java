package dev.tunacode.host.mcp;

import dev.tunacode.core.cache.ResultCache;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * A host result as MCP's {@code tools/call} result: the text the model reads as a text block, the other
 * output fields as {@code structuredContent}, and a tool's failure as a result with {@code isError} (the
 * model reads the message and can try again), never as a JSON-RPC error.
 */
final class McpResults {

  /** Where a failed call's error code is kept, for programs: MCP has no field of its own for it. */
  static final String ERROR_CODE_META = "dev.tunacode/error";
  /** Says that an earlier call's output was served again: the host's result cache answered. */
  static final String CACHED_META = "dev.tunacode/cached";

  private McpResults() {
  }

  static JsonObject of(JsonObject result) {
    JsonObject output = result.getJsonObject("output");
    JsonObject error = result.getJsonObject("error");
    if (error == null && output != null) {
      // A copy of the top level only: what is inside (a glob's 15,000 paths) is shared with the host's result,
      // which no one changes (a cached output is served to many), and is only written out from here.
      JsonObject structured = ResultCache.copy(output);
      String text = (String) structured.remove("text");
      JsonObject answer = new JsonObject().put("content", new JsonArray().add(text(text == null ? "" : text)))
        .put("structuredContent", structured).put("isError", false);
      return result.getBoolean("cached", false) ? answer.put("_meta", new JsonObject().put(CACHED_META, true)) : answer;
    }
    JsonObject failure = error != null ? error : new JsonObject().put("code", "INTERNAL").put("message", "The host gave no output.");
    String message = failure.getString("message", failure.getString("code"));
    JsonArray content = new JsonArray().add(text(message));
    // A cancelled or timed-out command keeps what it had printed: the model may need it.
    if (output != null && output.getValue("text") instanceof String partial && !partial.isEmpty()) {
      content.add(text(partial));
    }
    return new JsonObject().put("content", content).put("isError", true)
      .put("_meta", new JsonObject().put(ERROR_CODE_META, failure.copy()));
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }
}
