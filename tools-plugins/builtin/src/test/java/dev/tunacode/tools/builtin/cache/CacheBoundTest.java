package dev.tunacode.tools.builtin.cache;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.core.cache.ResultCache;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The result cache's bound")
class CacheBoundTest {

  private static final long BOUND = CacheOptions.MIN_MAX_BYTES;

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace(new HostOptions().setCache(new CacheOptions().setMaxBytes(BOUND)));

  @Test
  @DisplayName("100,000 distinct reads do not take it past cache.maxBytes, and the newest of them are still served")
  void staysWithinItsBound() throws Exception {
    Files.writeString(workspace.root().resolve("words.txt"), "alpha\nbeta\n");
    Thread.sleep(30); // past the 20 ms a file's times take to settle
    ResultCache cache = workspace.host().toolHost().cache();
    for (int batch = 0; batch < 100; batch++) {
      JsonArray calls = new JsonArray();
      for (int i = 0; i < 1_000; i++) {
        calls.add(new JsonObject().put("tool", "grep").put("args", new JsonObject().put("pattern", "word" + (batch * 1_000 + i))
          .put("path", "words.txt")));
      }
      JsonObject reply = workspace.vertx().eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("calls", calls)
        .put("maxParallel", 64)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body();
      assertThat(reply.getJsonArray("results").getJsonObject(999).getBoolean("ok")).isTrue();
      assertThat(cache.weightedSize()).as("after %d reads", (batch + 1) * 1_000).isLessThanOrEqualTo(BOUND);
    }
    JsonObject report = cache.report();
    assertThat(report.getLong("results")).as("results held").isBetween(1L, BOUND / 100);
    JsonObject last = new JsonObject().put("pattern", "word99999").put("path", "words.txt");
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!workspace.host().call("grep", last).getBoolean("cached", false)) {
      assertThat(System.nanoTime()).as("the last read answered from the cache").isLessThan(until);
      Thread.sleep(5);
    }
  }

  @Test
  @DisplayName("counts what a call's arguments take too: 2,000 reads with 10 KB patterns stay within it")
  void countsTheArguments() throws Exception {
    Files.writeString(workspace.root().resolve("words.txt"), "alpha\nbeta\n");
    Thread.sleep(30); // past the 20 ms a file's times take to settle
    ResultCache cache = workspace.host().toolHost().cache();
    String padding = "x".repeat(10_000);
    for (int batch = 0; batch < 10; batch++) {
      JsonArray calls = new JsonArray();
      for (int i = 0; i < 200; i++) {
        calls.add(new JsonObject().put("tool", "grep").put("args", new JsonObject()
          .put("pattern", padding + (batch * 200 + i)).put("path", "words.txt")));
      }
      workspace.vertx().eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("calls", calls))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.report().getLong("results") == 0) {
      assertThat(System.nanoTime()).as("some results kept").isLessThan(until);
      Thread.sleep(5);
    }
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(BOUND);
    // Each holds 10 KB of arguments: a bound that weighed outputs alone would hold all 2,000.
    assertThat(cache.report().getLong("results")).isLessThan(BOUND / 10_000);
  }
}
