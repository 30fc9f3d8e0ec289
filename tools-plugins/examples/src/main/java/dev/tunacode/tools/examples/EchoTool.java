package dev.tunacode.tools.examples;

import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Returns its arguments. Touches nothing and never blocks: the cost of a call through the host.
 */
public final class EchoTool implements Tool {

  private static final ToolSpec SPEC = new ToolSpec("echo", ToolKind.READ_ONLY,
    "Returns its arguments: `text` as the text, and every argument under `args`.",
    ArgsSchema.object()
      .string("text", "what to echo as the text")
      .additionalProperties()
      .build());

  @Override
  public ToolSpec spec() {
    return SPEC;
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
