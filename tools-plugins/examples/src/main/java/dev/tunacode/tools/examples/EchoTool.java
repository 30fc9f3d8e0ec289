package dev.tunacode.tools.examples;

import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Returns its arguments. Touches nothing and never blocks: the cost of a call through the host.
 */
public final class EchoTool implements Tool {

  private static final JsonObject SCHEMA = new JsonObject()
    .put("type", "object")
    .put("properties", new JsonObject()
      .put("text", new JsonObject().put("type", "string").put("description", "what to echo as the text")))
    .put("additionalProperties", true);

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public ToolKind kind() {
    return ToolKind.READ_ONLY;
  }

  @Override
  public String description() {
    return "Returns its arguments: `text` as the text, and every argument under `args`.";
  }

  @Override
  public JsonObject schema() {
    return SCHEMA;
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.none();
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    JsonObject args = call.args();
    String text = args.getString("text", args.encode());
    return Future.succeededFuture(new JsonObject().put("text", text).put("args", args));
  }
}
