package dev.tunacode.core;

import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ToolPlugin.stop")
class PluginStopTest {

  @TempDir
  Path root;

  /** Records its stop, and where it ran. */
  private record Recording(String name, List<String> stops, boolean fails) implements ToolPlugin {
    @Override
    public List<Tool> tools(ToolContext context) {
      return List.of();
    }

    @Override
    public void stop() {
      stops.add(name + (Context.isOnEventLoopThread() ? " on an event loop" : " on a worker"));
      if (fails) {
        throw new IllegalStateException("cannot stop");
      }
    }
  }

  @Test
  @DisplayName("is called for every plugin when the host closes, off the event loops, even when one of them throws")
  void calledOnClose() throws Exception {
    List<String> stops = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      ToolHost host = TestHosts.start(vertx, root, new Recording("first", stops, true), new Recording("second", stops, false))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(stops).isEmpty();

      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(stops).containsExactly("first on a worker", "second on a worker");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
