package dev.tunacode.host.mcp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The host's tool list as MCP's {@code tools/list} gives it: each tool's argument schema as its
 * {@code inputSchema}, its output schema, and the hints that tell a client what it may run in parallel.
 * Clients run a tool's calls side by side only when it says {@code readOnlyHint}; the host orders them
 * anyway, so the hints only have to be true.
 */
final class McpTools {

  /**
   * Writers whose effect is known: {@code write_file} only creates a file that is not there (a second
   * call is refused and changes nothing); {@code update_file} replaces text, and may again if the
   * replacement holds the target. Any other writer, a plugin's, is taken to be neither additive nor idempotent.
   */
  private static final Map<String, JsonObject> BUILTIN_WRITERS = Map.of(
    "write_file", new JsonObject().put("destructiveHint", false).put("idempotentHint", true),
    "update_file", new JsonObject().put("destructiveHint", true).put("idempotentHint", false));

  private McpTools() {
  }

  /** @param described what {@code tunacode.tools} answered */
  static JsonObject list(JsonObject described) {
    JsonArray tools = new JsonArray();
    for (Object each : described.getJsonArray("tools", new JsonArray())) {
      if (each instanceof JsonObject tool) {
        tools.add(of(tool));
      }
    }
    return new JsonObject().put("tools", tools);
  }

  static JsonObject of(JsonObject tool) {
    String name = tool.getString("name");
    String description = tool.getString("description");
    JsonObject mcp = new JsonObject()
      .put("name", name)
      .put("title", title(name))
      // Clients refuse a tool without a description; a plugin may leave it blank.
      .put("description", description == null || description.isBlank() ? "The tool " + name + "." : description)
      .put("inputSchema", tool.getJsonObject("schema", new JsonObject().put("type", "object")))
      .put("outputSchema", tool.getJsonObject("outputSchema", new JsonObject().put("type", "object")))
      .put("annotations", annotations(tool));
    return mcp;
  }

  private static JsonObject annotations(JsonObject tool) {
    String kind = tool.getString("kind", "EXECUTE");
    JsonObject hints = new JsonObject().put("title", title(tool.getString("name")));
    switch (kind) {
      case "READ_ONLY" -> hints.put("readOnlyHint", true).put("openWorldHint", false);
      case "WRITE" -> {
        hints.put("readOnlyHint", false).put("openWorldHint", false);
        JsonObject known = "builtin".equals(tool.getString("plugin")) ? BUILTIN_WRITERS.get(tool.getString("name")) : null;
        hints.mergeIn(known != null ? known : new JsonObject().put("destructiveHint", true).put("idempotentHint", false));
      }
      // A command may do anything, anywhere: delete files, reach the network.
      default -> hints.put("readOnlyHint", false).put("destructiveHint", true).put("idempotentHint", false)
        .put("openWorldHint", true);
    }
    return hints;
  }

  // read_file -> "Read file": what a client shows a person.
  private static String title(String name) {
    if (name == null || name.isEmpty()) {
      return name;
    }
    String spaced = name.replace('_', ' ');
    return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }
}
