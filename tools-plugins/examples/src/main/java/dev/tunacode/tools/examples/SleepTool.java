package dev.tunacode.tools.examples;

import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Waits {@code ms} milliseconds on the shared pool. It blocks a pool thread on purpose, the way a slow
 * disk read would, so that overlap on the pool is what gets measured.
 */
public final class SleepTool implements Tool {

  private static final JsonObject SCHEMA = new JsonObject()
    .put("type", "object")
    .put("properties", new JsonObject()
      .put("ms", new JsonObject().put("type", "integer").put("minimum", 0).put("maximum", 600_000)
        .put("description", "how long to wait, in milliseconds")))
    .put("required", new JsonArray().add("ms"));

  private final ToolContext context;

  public SleepTool(ToolContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "sleep";
  }

  @Override
  public ToolKind kind() {
    return ToolKind.READ_ONLY;
  }

  @Override
  public String description() {
    return "Waits the given milliseconds on the shared pool, to show which calls overlap.";
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
    long ms = call.args().getLong("ms");
    return context.io().run(() -> {
      long start = System.nanoTime();
      Thread.sleep(ms);
      long end = System.nanoTime();
      return new JsonObject().put("text", "slept " + ms + " ms").put("startNanos", start).put("endNanos", end);
    });
  }
}
