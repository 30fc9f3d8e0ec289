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

  private static final JsonArray CALLS = new JsonArray()
    .add(call("0", "grep", new JsonObject().put("pattern", "alpha")))
    .add(call("1", "glob", new JsonObject().put("pattern", "*.txt")))
    .add(call("2", "read_file", new JsonObject().put("filepath", "a.txt")))
    .add(call("3", "write_file", new JsonObject().put("filepath", "b.txt").put("content", "bravo\n")))
    .add(call("4", "read_file", new JsonObject().put("filepath", "b.txt")))
    .add(call("5", "update_file", new JsonObject().put("filepath", "a.txt").put("target", "alpha").put("patch", "ALPHA")))
    .add(call("6", "read_file", new JsonObject().put("filepath", "a.txt")))
    .add(call("7", "bash", new JsonObject().put("command", "cat a.txt b.txt")));

  @TempDir
  Path template;
  @TempDir
  Path parallelRoot;
  @TempDir
  Path sequentialRoot;
  @TempDir
  Path oneByOneRoot;

  @Test
  @DisplayName("gives exactly what running it one call at a time gives, every field but timing, and its first reads overlap")
  void sameAsOneByOne(Vertx vertx) throws Exception {
    Files.writeString(template.resolve("a.txt"), "alpha one\n");
    Files.createDirectory(template.resolve("notes"));
    Files.writeString(template.resolve("notes/c.txt"), "alpha two\nbeta\n");

    JsonObject parallel = batch(vertx, parallelRoot, new JsonObject().put("calls", CALLS.copy()).put("maxParallel", 10));
    JsonObject sequential = batch(vertx, sequentialRoot, new JsonObject().put("calls", CALLS.copy()).put("maxParallel", 1));
    List<JsonObject> oneByOne = oneByOne(vertx, oneByOneRoot);

    List<JsonObject> expected = comparable(oneByOne, oneByOneRoot);
    assertThat(comparable(results(parallel), parallelRoot)).isEqualTo(expected);
    assertThat(comparable(results(sequential), sequentialRoot)).isEqualTo(expected);
    assertThat(texts(parallel, parallelRoot)).isEqualTo(texts(sequential, sequentialRoot));
    assertThat(texts(parallel, parallelRoot).get(7)).contains("ALPHA one\nbravo\n");
    for (Path root : List.of(parallelRoot, sequentialRoot, oneByOneRoot)) {
      assertThat(Files.readString(root.resolve("a.txt"))).as(root.toString()).isEqualTo("ALPHA one\n");
      assertThat(Files.readString(root.resolve("b.txt"))).as(root.toString()).isEqualTo("bravo\n");
    }
    assertThat(sequential.getJsonObject("stats").getInteger("maxConcurrency")).isEqualTo(1);

    List<JsonObject> timings = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      timings.add(parallel.getJsonArray("results").getJsonObject(i).getJsonObject("timing"));
    }
    double lastStart = timings.stream().mapToDouble(t -> t.getDouble("startMs")).max().orElseThrow();
    double firstEnd = timings.stream().mapToDouble(t -> t.getDouble("endMs")).min().orElseThrow();
    assertThat(lastStart).as("the grep, the glob and the first read all started before any ended").isLessThan(firstEnd);
  }

  private JsonObject batch(Vertx vertx, Path root, JsonObject batch) throws Exception {
    ToolHost host = start(vertx, root);
    try {
      JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.BATCH, batch)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body();
      assertThat(reply.getJsonArray("results").stream().map(r -> ((JsonObject) r).getBoolean("ok")))
        .as(reply.encodePrettily()).containsOnly(true);
      return reply;
    } finally {
      close(host);
    }
  }

  // The baseline: each call its own tunacode.call request, sent only when the one before has answered.
  private List<JsonObject> oneByOne(Vertx vertx, Path root) throws Exception {
    ToolHost host = start(vertx, root);
    try {
      List<JsonObject> results = new ArrayList<>();
      for (Object call : CALLS) {
        JsonObject result = vertx.eventBus().<JsonObject>request(Addresses.CALL, ((JsonObject) call).copy())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body();
        assertThat(result.getBoolean("ok")).as(result.encodePrettily()).isTrue();
        results.add(result);
      }
      return results;
    } finally {
      close(host);
    }
  }

  // Each run gets its own fresh copy of the same workspace.
  private ToolHost start(Vertx vertx, Path root) throws Exception {
    try (var files = Files.walk(template)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = root.resolve(template.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    return TestHosts.start(vertx, root, new HostOptions(), new JsonObject(), new BuiltinPlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void close(ToolHost host) throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<JsonObject> results(JsonObject reply) {
    List<JsonObject> results = new ArrayList<>();
    reply.getJsonArray("results").forEach(result -> results.add((JsonObject) result));
    return results;
  }

  // Whole results, less what measures time (the timing object, and the phases of grep and glob) and the
  // callId, which names the batch each came in. Each run's root becomes a placeholder, since texts and
  // fields name the workspace's absolute path.
  private static List<JsonObject> comparable(List<JsonObject> results, Path root) throws Exception {
    String real = root.toRealPath().toString();
    List<JsonObject> comparable = new ArrayList<>();
    for (JsonObject result : results) {
      JsonObject copy = new JsonObject(result.encode().replace(real, "<root>"));
      copy.remove("timing");
      copy.remove("callId");
      if (List.of("grep", "glob").contains(copy.getString("tool"))) {
        copy.getJsonObject("output").remove("phases");
      }
      comparable.add(copy);
    }
    return comparable;
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

  private static JsonObject call(String id, String tool, JsonObject args) {
    return new JsonObject().put("id", id).put("tool", tool).put("args", args);
  }
}
