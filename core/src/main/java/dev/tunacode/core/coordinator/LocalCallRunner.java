package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.PluginClassLoaders;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * Calls a tool in this process. A plugin's tool is code the host does not control: whatever it does
 * wrong in {@code execute} (throws, a class its jar lacks, no future, no output) becomes the call's
 * failure, never the scheduler's.
 */
public final class LocalCallRunner implements CallRunner {

  private final LoopWatch watch;

  /** @param watch notices a tool that holds the event loop it was called on */
  public LocalCallRunner(LoopWatch watch) {
    this.watch = watch;
  }

  @Override
  public Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    return execute(entered, call).map(RunOutput::ran);
  }

  private Future<JsonObject> execute(ToolRegistry.Entry entered, ToolCall call) {
    Tool tool = entered.tool();
    Future<JsonObject> outcome;
    boolean watched = watch.entered(entered);
    try (PluginClassLoaders seen = PluginClassLoaders.enter(tool)) {
      outcome = tool.execute(call);
    } catch (RuntimeException | Error e) {
      // Whatever a plugin's execute throws (an AssertionError, a StackOverflowError) ends this call alone.
      entered.calls().exit();
      return Future.failedFuture(e);
    } finally {
      if (watched) {
        watch.left();
      }
    }
    if (outcome == null) {
      entered.calls().exit();
      return Future.failedFuture(new IllegalStateException(entered.name() + ".execute returned null instead of a Future"));
    }
    if (outcome.isComplete()) {
      entered.calls().exit();
      return outcome.succeeded() && outcome.result() == null ? noOutput(entered.name()) : outcome;
    }
    return outcome.andThen(done -> entered.calls().exit())
      .compose(output -> output == null ? noOutput(entered.name()) : Future.succeededFuture(output));
  }

  private static Future<JsonObject> noOutput(String tool) {
    return Future.failedFuture(new IllegalStateException(tool + " completed with no output (null)"));
  }
}
