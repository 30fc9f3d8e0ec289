package dev.tunacode.core.testing;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test tool that waits {@code ms} on the shared pool, then reads or writes {@code path}, and reports
 * when it started and ended (System.nanoTime) so that tests can prove overlap and order without
 * looking at wall-clock time. With {@code stoppable}, a request to stop ends its wait and the call
 * fails as the request says; without, it ignores the request, as a careless plugin would.
 */
public final class ProbeTool implements Tool {

  private final String name;
  private final ToolKind kind;
  private final ToolContext context;

  public ProbeTool(String name, ToolKind kind, ToolContext context) {
    this.name = name;
    this.kind = kind;
    this.context = context;
  }

  // Built when asked: the getters below answer without it, so that a test may give a name ToolSpec refuses
  // and see the host refuse it.
  @Override
  public ToolSpec spec() {
    return new ToolSpec(name, kind, description(), schema());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ToolKind kind() {
    return kind;
  }

  @Override
  public String description() {
    return "Test probe (" + kind + ")";
  }

  @Override
  public JsonObject schema() {
    return new JsonObject()
      .put("type", "object")
      .put("properties", new JsonObject()
        .put("path", new JsonObject().put("type", "string"))
        .put("content", new JsonObject().put("type", "string"))
        .put("ms", new JsonObject().put("type", "integer").put("minimum", 0))
        .put("chars", new JsonObject().put("type", "integer").put("minimum", 0))
        .put("stoppable", new JsonObject().put("type", "boolean"))
        .put("fit", new JsonObject().put("type", "boolean"))
        .put("fail", new JsonObject().put("type", "boolean")))
      .put("required", kind == ToolKind.WRITE ? new JsonArray().add("path").add("content") : new JsonArray());
  }

  @Override
  public Footprint footprint(JsonObject args) {
    String path = args.getString("path");
    if (path == null) {
      return Footprint.none();
    }
    return kind == ToolKind.WRITE ? Footprint.write(path) : Footprint.read(path);
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    JsonObject args = call.args();
    if (args.getBoolean("fail", false)) {
      return Future.failedFuture(new ToolException(ErrorCode.IO_ERROR, "probe failed as asked"));
    }
    return context.io().run(() -> {
      long start = System.nanoTime();
      wait(call, args.getInteger("ms", 0), args.getBoolean("stoppable", false));
      int chars = args.getInteger("chars", 0);
      // As a built-in tool does, a fitting probe stops near the output budget it was given.
      String text = "x".repeat(args.getBoolean("fit", false) ? (int) Math.min(chars, call.maxResultBytes() - 200) : chars);
      String path = args.getString("path");
      if (path != null) {
        Path real = context.files().resolve(path);
        if (kind == ToolKind.WRITE) {
          Files.writeString(real, args.getString("content"), StandardCharsets.UTF_8);
          text = "wrote " + path;
        } else {
          text = Files.isDirectory(real) ? "(folder)"
            : Files.exists(real) ? Files.readString(real, StandardCharsets.UTF_8) : "(missing)";
        }
      }
      return new JsonObject().put("text", text).put("startNanos", start).put("endNanos", System.nanoTime());
    });
  }

  private static void wait(ToolCall call, int ms, boolean stoppable) throws InterruptedException {
    if (!stoppable) {
      Thread.sleep(ms);
      return;
    }
    CountDownLatch stop = new CountDownLatch(1);
    call.cancellation().onRequest(stop::countDown);
    stop.await(ms, TimeUnit.MILLISECONDS);
    call.cancellation().throwIfRequested();
  }
}
