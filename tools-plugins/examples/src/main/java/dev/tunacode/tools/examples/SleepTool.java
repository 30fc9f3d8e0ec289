package dev.tunacode.tools.examples;

import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits {@code ms} milliseconds on the shared pool. It blocks a pool thread on purpose, the way a slow
 * disk read would, so that overlap on the pool is what gets measured. It is also the example of a tool
 * that can be stopped: a cancel or its deadline wakes it at once, and it ends with the matching error.
 */
public final class SleepTool implements Tool {

  private static final ToolSpec SPEC = new ToolSpec("sleep", ToolKind.READ_ONLY,
    "Waits the given milliseconds on the shared pool, to show which calls overlap.",
    ArgsSchema.object()
      .integer("ms", "how long to wait, in milliseconds", 0, 600_000, null)
      .required("ms")
      .build());

  private final ToolContext context;

  public SleepTool(ToolContext context) {
    this.context = context;
  }

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
    long ms = call.args().getLong("ms");
    return context.io().run(() -> {
      long start = System.nanoTime();
      CountDownLatch stop = new CountDownLatch(1);
      // The action runs on whichever thread asks, perhaps an event loop: it only wakes this one.
      call.cancellation().onRequest(stop::countDown);
      if (stop.await(ms, TimeUnit.MILLISECONDS)) {
        call.cancellation().throwIfRequested();
      }
      long end = System.nanoTime();
      return new JsonObject().put("text", "slept " + ms + " ms").put("startNanos", start).put("endNanos", end);
    });
  }
}
