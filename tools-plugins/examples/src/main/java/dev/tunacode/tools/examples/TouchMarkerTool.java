package dev.tunacode.tools.examples;

import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes the time it ran into a file, so that the order of writes can be read back.
 */
public final class TouchMarkerTool implements Tool {

  private static final ToolSpec SPEC = new ToolSpec("touch_marker", ToolKind.WRITE,
    "Writes the time it ran into a file (created or replaced), to show the order of writes.",
    ArgsSchema.object()
      .string("path", "the marker file, inside the workspace")
      .required("path")
      .build());

  private final ToolContext context;

  public TouchMarkerTool(ToolContext context) {
    this.context = context;
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.write(args.getString("path"));
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    String path = call.args().getString("path");
    return context.io().run(() -> {
      Instant now = Instant.now();
      long nanos = System.nanoTime();
      String line = now + " " + nanos + "\n";
      // Written whole or not at all: a reader of the marker never sees half a line.
      try {
        context.files().write(path, line.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ToolException(ErrorCode.IO_ERROR, "Could not write the marker '" + path + "': " + e.getMessage());
      }
      return new JsonObject().put("text", "marked " + path + " at " + now).put("path", path).put("nanos", nanos);
    });
  }
}
