package dev.tunacode.tools.examples;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes the time it ran into a file, so that the order of writes can be read back.
 */
public final class TouchMarkerTool implements Tool {

  private static final JsonObject SCHEMA = new JsonObject()
    .put("type", "object")
    .put("properties", new JsonObject()
      .put("path", new JsonObject().put("type", "string").put("description", "the marker file, inside the workspace")))
    .put("required", new JsonArray().add("path"));

  private final ToolContext context;

  public TouchMarkerTool(ToolContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "touch_marker";
  }

  @Override
  public ToolKind kind() {
    return ToolKind.WRITE;
  }

  @Override
  public String description() {
    return "Writes the time it ran into a file (created or replaced), to show the order of writes.";
  }

  @Override
  public JsonObject schema() {
    return SCHEMA;
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
