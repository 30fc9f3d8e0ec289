package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("One session's long searches")
class PoolShareTest {

  @TempDir
  Path root;
  Vertx vertx;
  BuiltinHost host;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    host = BuiltinHost.start(vertx, root, new HostOptions().setIoPoolSize(8), new JsonObject());
    // Text first, then a hole: grep reads all of it as text, which takes longer than its time budget.
    try (RandomAccessFile huge = new RandomAccessFile(root.resolve("huge.log").toFile(), "rw")) {
      huge.write("a line of text\n".repeat(4_000).getBytes());
      huge.setLength(20L << 30);
    }
    Files.writeString(root.resolve("small.txt"), "small\n");
    // Other files beside it: each search's helpers finish them and then wait on the huge one.
    for (int i = 0; i < 10; i++) {
      Files.writeString(root.resolve("other" + i + ".txt"), "other\n");
    }
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("leave slots and pool threads for another session: its read ends while they still search")
  void anotherSessionIsServed() throws Exception {
    JsonArray greps = new JsonArray();
    for (int i = 0; i < 8; i++) {
      greps.add(new JsonObject().put("tool", "grep").put("args", new JsonObject().put("pattern", "never-there-" + i)
        .put("timeout_ms", 3_000)));
    }
    AtomicLong firstSearchEnded = new AtomicLong(Long.MAX_VALUE);
    vertx.eventBus().<JsonObject>consumer("test.searches", event -> {
      if ("result".equals(event.body().getString("type"))) {
        firstSearchEnded.compareAndSet(Long.MAX_VALUE, System.nanoTime());
      }
    }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    CompletableFuture<JsonObject> searching = vertx.eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject()
      .put("session", "searcher").put("maxParallel", 8).put("events", "test.searches").put("calls", greps)).map(m -> m.body())
      .toCompletionStage().toCompletableFuture();
    Thread.sleep(300); // the searches take their slots and threads first
    JsonObject read = host.send(new JsonObject().put("tool", "read_file").put("session", "reader")
      .put("args", new JsonObject().put("filepath", "small.txt"))).get(60, TimeUnit.SECONDS);
    long readEnd = System.nanoTime();
    JsonObject searches = searching.get(60, TimeUnit.SECONDS);

    assertThat(read.getBoolean("ok")).as(read.encode()).isTrue();
    assertThat(searches.getJsonArray("results").getJsonObject(0).getJsonObject("output").getBoolean("truncated"))
      .as("the searches ran to their budget").isTrue();
    assertThat(readEnd).as("the read was answered before any search ended").isLessThan(firstSearchEnded.get());
  }
}
