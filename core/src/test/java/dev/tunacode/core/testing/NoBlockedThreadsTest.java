package dev.tunacode.core.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The blocked-thread watch")
class NoBlockedThreadsTest {

  @Test
  @DisplayName("sees Vert.x's warning when an event loop is blocked")
  void seesBlockedEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions()
      .setBlockedThreadCheckInterval(20).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
      .setMaxEventLoopExecuteTime(50).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    try {
      vertx.runOnContext(v -> {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      });
      List<String> seen = List.of();
      for (int i = 0; i < 100 && seen.isEmpty(); i++) {
        TimeUnit.MILLISECONDS.sleep(20);
        seen = NoBlockedThreads.drain();
      }
      assertThat(seen).isNotEmpty();
      assertThat(seen.get(0)).contains("vert.x-eventloop-thread").contains("has been blocked for");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      NoBlockedThreads.drain();
    }
  }
}
