package dev.tunacode.tools.builtin;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A batch of every kind of built-in call")
class MixedBatchTest {

  @TempDir
  Path parallelRoot;
  @TempDir
  Path sequentialRoot;

  @Test
  @DisplayName("gives exactly what running it one call at a time gives, and its first reads overlap")
  void sameAsOneByOne(Vertx vertx) throws Exception {
    JsonObject batch = new JsonObject().put("calls", new JsonArray()
      .add(call("grep", new JsonObject().put("pattern", "alpha")))
      .add(call("glob", new JsonObject().put("pattern", "*.txt")))
      .add(call("read_file", new JsonObject().put("filepath", "a.txt")))
      .add(call("write_file", new JsonObject().put("filepath", "b.txt").put("content", "bravo\n")))
      .add(call("read_file", new JsonObject().put("filepath", "b.txt")))
      .add(call("update_file", new JsonObject().put("filepath", "a.txt").put("target", "alpha").put("patch", "ALPHA")))
      .add(call("read_file", new JsonObject().put("filepath", "a.txt")))
      .add(call("bash", new JsonObject().put("command", "cat a.txt b.txt"))));

    JsonObject parallel = run(vertx, parallelRoot, batch.copy().put("maxParallel", 10));
    JsonObject sequential = run(vertx, sequentialRoot, batch.copy().put("maxParallel", 1));

    assertThat(texts(parallel, parallelRoot)).isEqualTo(texts(sequential, sequentialRoot));
    assertThat(texts(parallel, parallelRoot).get(7)).contains("ALPHA one\nbravo\n");
    assertThat(Files.readString(parallelRoot.resolve("a.txt"))).isEqualTo("ALPHA one\n");
    assertThat(Files.readString(parallelRoot.resolve("b.txt"))).isEqualTo("bravo\n");
    assertThat(sequential.getJsonObject("stats").getInteger("maxConcurrency")).isEqualTo(1);

    List<JsonObject> timings = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      timings.add(parallel.getJsonArray("results").getJsonObject(i).getJsonObject("timing"));
    }
    double lastStart = timings.stream().mapToDouble(t -> t.getDouble("startMs")).max().orElseThrow();
    double firstEnd = timings.stream().mapToDouble(t -> t.getDouble("endMs")).min().orElseThrow();
    assertThat(lastStart).as("the grep, the glob and the first read all started before any ended").isLessThan(firstEnd);
  }

  private static JsonObject run(Vertx vertx, Path root, JsonObject batch) throws Exception {
    Files.writeString(root.resolve("a.txt"), "alpha one\n");
    ToolHost host = TestHosts.start(vertx, root, new HostOptions(), new JsonObject(), new BuiltinPlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try {
      JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.BATCH, batch)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body();
      assertThat(reply.getJsonArray("results").stream().map(r -> ((JsonObject) r).getBoolean("ok")))
        .as(reply.encodePrettily()).containsOnly(true);
      return reply;
    } finally {
      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  // Texts name the workspace's absolute path in places (list_dir, bash's working directory), so each
  // run's root is put back to a placeholder before comparing.
  private static List<String> texts(JsonObject reply, Path root) throws Exception {
    String real = root.toRealPath().toString();
    List<String> texts = new ArrayList<>();
    for (Object result : reply.getJsonArray("results")) {
      texts.add(((JsonObject) result).getJsonObject("output").getString("text").replace(real, "<root>"));
    }
    return texts;
  }

  private static JsonObject call(String tool, JsonObject args) {
    return new JsonObject().put("tool", tool).put("args", args);
  }
}
