package dev.tunacode.core.coordinator;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
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

import static dev.tunacode.core.coordinator.Batches.probe;
import static dev.tunacode.core.coordinator.Batches.results;
import static dev.tunacode.core.coordinator.Batches.write;
import static dev.tunacode.core.testing.TestHosts.batch;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Under load the coordinator")
class LoadTest {

  @TempDir
  Path root;
  private ToolHost host;

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    for (int f = 0; f < 10; f++) {
      Files.writeString(root.resolve("f" + f + ".txt"), "0");
    }
    host = TestHosts.start(vertx, root, new ProbePlugin()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("answers 200 calls of one batch, in order, each with what a one-by-one run would give")
  void twoHundredCalls(Vertx vertx) throws Exception {
    List<JsonObject> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String file = "f" + (i % 10) + ".txt";
      calls.add(i % 4 == 0 ? write(file, String.valueOf(i), 0).put("id", "c" + i) : probe(file, 0).put("id", "c" + i));
    }
    List<JsonObject> r = results(Batches.send(vertx, batch(calls.toArray(JsonObject[]::new))));

    assertThat(r).hasSize(200);
    String[] expected = new String[10];
    java.util.Arrays.fill(expected, "0");
    for (int i = 0; i < 200; i++) {
      JsonObject result = r.get(i);
      assertThat(result.getString("id")).isEqualTo("c" + i);
      assertThat(result.getBoolean("ok")).isTrue();
      if (i % 4 == 0) {
        expected[i % 10] = String.valueOf(i);
      } else {
        assertThat(result.getJsonObject("output").getString("text")).as("read %d", i).isEqualTo(expected[i % 10]);
      }
    }
  }

  @Test
  @DisplayName("answers 20 batches sent at the same time, none lost")
  void twentyBatchesAtOnce(Vertx vertx) throws Exception {
    List<Future<Message<JsonObject>>> replies = new ArrayList<>();
    for (int b = 0; b < 20; b++) {
      List<JsonObject> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(probe(i % 5 == 0 ? "f" + (i % 10) + ".txt" : null, i % 3).put("id", b + "-" + i));
      }
      replies.add(vertx.eventBus().request(Addresses.BATCH, batch(calls.toArray(JsonObject[]::new))));
    }
    Future.all(replies).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    for (int b = 0; b < 20; b++) {
      List<JsonObject> r = results(replies.get(b).result().body());
      assertThat(r).hasSize(50);
      for (int i = 0; i < 50; i++) {
        assertThat(r.get(i).getString("id")).isEqualTo(b + "-" + i);
        assertThat(r.get(i).getBoolean("ok")).isTrue();
      }
    }
  }
}
