package dev.tunacode.core.coordinator;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tunacode.core.coordinator.Batches.end;
import static dev.tunacode.core.coordinator.Batches.exec;
import static dev.tunacode.core.coordinator.Batches.probe;
import static dev.tunacode.core.coordinator.Batches.results;
import static dev.tunacode.core.coordinator.Batches.send;
import static dev.tunacode.core.coordinator.Batches.start;
import static dev.tunacode.core.coordinator.Batches.write;
import static dev.tunacode.core.testing.TestHosts.batch;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The coordinator schedules a batch")
class SchedulingTest {

  @TempDir
  Path root;
  private ToolHost host;

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    Files.writeString(root.resolve("x.txt"), "old x");
    Files.writeString(root.resolve("y.txt"), "y");
    host = TestHosts.start(vertx, root, new HostOptions().setMaxParallel(10), new JsonObject(), new ProbePlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("so that three read-only calls overlap: all start before any ends")
  void readOnlyCallsOverlap(Vertx vertx) throws Exception {
    List<JsonObject> results = results(send(vertx, batch(probe(null, 100), probe(null, 100), probe(null, 100))));

    long lastStart = results.stream().mapToLong(Batches::start).max().orElseThrow();
    long firstEnd = results.stream().mapToLong(Batches::end).min().orElseThrow();
    assertThat(lastStart).isLessThan(firstEnd);
  }

  @Test
  @DisplayName("so that a write waits for earlier readers of its path, a later reader sees it, and other paths go on")
  void writeOrdering(Vertx vertx) throws Exception {
    JsonObject reply = send(vertx, batch(
      probe("x.txt", 100), probe("x.txt", 100), write("x.txt", "new x", 20), probe("x.txt", 0), probe("y.txt", 100)));
    List<JsonObject> r = results(reply);

    assertThat(r).allSatisfy(result -> assertThat(result.getBoolean("ok")).isTrue());
    assertThat(r.get(0).getJsonObject("output").getString("text")).isEqualTo("old x");
    assertThat(r.get(1).getJsonObject("output").getString("text")).isEqualTo("old x");
    assertThat(start(r.get(2))).isGreaterThanOrEqualTo(Math.max(end(r.get(0)), end(r.get(1))));
    assertThat(r.get(3).getJsonObject("output").getString("text")).isEqualTo("new x");
    assertThat(start(r.get(3))).isGreaterThanOrEqualTo(end(r.get(2)));
    assertThat(start(r.get(4))).isLessThan(start(r.get(2)));
    assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("new x");
  }

  @Test
  @DisplayName("so that paths are compared as real paths: a write through a symlink orders a read of its target")
  void symlinkedPathsConflict(Vertx vertx) throws Exception {
    Files.createDirectory(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));
    List<JsonObject> r = results(send(vertx, batch(write("link/f.txt", "via link", 100), probe("real/f.txt", 0))));

    assertThat(r.get(1).getJsonObject("output").getString("text")).isEqualTo("via link");
    assertThat(start(r.get(1))).isGreaterThanOrEqualTo(end(r.get(0)));
  }

  @Test
  @DisplayName("so that a write to a folder's file orders a read of the folder")
  void parentAndChildConflict(Vertx vertx) throws Exception {
    Files.createDirectory(root.resolve("dir"));
    List<JsonObject> r = results(send(vertx, batch(probe("dir", 100), write("dir/f.txt", "f", 0))));

    assertThat(start(r.get(1))).isGreaterThanOrEqualTo(end(r.get(0)));
  }

  @Test
  @DisplayName("so that an EXECUTE call is a barrier in both directions")
  void executeIsABarrier(Vertx vertx) throws Exception {
    List<JsonObject> r = results(send(vertx, batch(probe("x.txt", 100), probe(null, 50), exec(50), probe("y.txt", 0), probe(null, 0))));

    assertThat(start(r.get(2))).isGreaterThanOrEqualTo(Math.max(end(r.get(0)), end(r.get(1))));
    assertThat(start(r.get(3))).isGreaterThanOrEqualTo(end(r.get(2)));
    assertThat(start(r.get(4))).isGreaterThanOrEqualTo(end(r.get(2)));
  }

  @Test
  @DisplayName("with a true cap: maxParallel=2 runs 10 calls never more than 2 at once, and all finish")
  void capIsRespected(Vertx vertx) throws Exception {
    List<JsonObject> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(probe(null, 30));
    }
    JsonObject reply = send(vertx, batch(calls.toArray(JsonObject[]::new)).put("maxParallel", 2));
    List<JsonObject> r = results(reply);

    assertThat(r).hasSize(10).allSatisfy(result -> assertThat(result.getBoolean("ok")).isTrue());
    assertThat(reply.getJsonObject("stats").getInteger("maxConcurrency")).isEqualTo(2);
    for (JsonObject a : r) {
      long overlapping = r.stream().filter(b -> start(b) <= start(a) && end(b) > start(a)).count();
      assertThat(overlapping).as("calls running when one started").isLessThanOrEqualTo(2);
    }
  }

  @Test
  @DisplayName("and reports stats: wall, sum of run times, speedup and the most calls at once")
  void stats(Vertx vertx) throws Exception {
    JsonObject stats = send(vertx, batch(probe(null, 50), probe(null, 50), probe(null, 50))).getJsonObject("stats");

    assertThat(stats.fieldNames()).contains("wallMs", "sumMs", "speedup", "maxConcurrency", "calls", "errors");
    assertThat(stats.getInteger("calls")).isEqualTo(3);
    assertThat(stats.getInteger("errors")).isZero();
    assertThat(stats.getInteger("maxConcurrency")).isEqualTo(3);
    assertThat(stats.getDouble("sumMs")).isGreaterThanOrEqualTo(150.0);
    assertThat(stats.getDouble("speedup"))
      .isEqualTo(Math.round(stats.getDouble("sumMs") / stats.getDouble("wallMs") * 100) / 100.0);
  }
}
