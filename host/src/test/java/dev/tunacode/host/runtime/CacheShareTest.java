package dev.tunacode.host.runtime;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The workspaces of one process share cache.maxBytes")
class CacheShareTest {

  private static final long MAX_BYTES = 2L * 1024 * 1024;

  @TempDir
  Path a;
  @TempDir
  Path b;
  @TempDir
  Path plugins;
  private HostRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(a.resolve("words.txt"), "alpha\n");
    Files.writeString(b.resolve("words.txt"), "beta\n");
    runtime = HostRuntime.start(List.of(new WorkspaceSpec("a", a), new WorkspaceSpec("b", b)), List.of(plugins),
      new JsonObject().put("cache", new JsonObject().put("maxBytes", MAX_BYTES)));
  }

  @AfterEach
  void stop() throws Exception {
    runtime.close();
  }

  private JsonObject send(String address, JsonObject body) throws Exception {
    return runtime.vertx().eventBus().<JsonObject>request(address, body).toCompletionStage().toCompletableFuture()
      .get(60, TimeUnit.SECONDS).body();
  }

  private JsonObject read(String workspace) throws Exception {
    return send(Addresses.CALL, new JsonObject().put("workspace", workspace).put("tool", "read_file")
      .put("args", new JsonObject().put("filepath", "words.txt")));
  }

  @Test
  @DisplayName("equally: each gets half, and filling one's half evicts nothing of the other's")
  void equalShares() throws Exception {
    runtime.workspaces().forEach(served -> assertThat(served.host().cache().maxBytes()).isEqualTo(MAX_BYTES / 2));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!read("b").getBoolean("cached", false)) {
      assertThat(System.nanoTime()).as("b's read answered from the cache").isLessThan(until);
      Thread.sleep(5);
    }
    for (int batch = 0; batch < 10; batch++) {
      JsonArray calls = new JsonArray();
      for (int i = 0; i < 1_000; i++) {
        calls.add(new JsonObject().put("tool", "grep").put("args", new JsonObject().put("pattern", "word" + (batch * 1_000 + i))
          .put("path", "words.txt")));
      }
      assertThat(send(Addresses.BATCH, new JsonObject().put("workspace", "a").put("calls", calls)).getBoolean("ok")).isTrue();
    }
    assertThat(runtime.workspaces().get(0).host().cache().weightedSize()).isLessThanOrEqualTo(MAX_BYTES / 2)
      .isGreaterThan(MAX_BYTES / 4);
    assertThat(read("b").getBoolean("cached", false)).as("b's result, after a's filled its share").isTrue();
  }
}
