package dev.tunacode.core.coordinator;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tunacode.core.coordinator.Batches.call;
import static dev.tunacode.core.coordinator.Batches.send;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The coordinator's reply budgets")
class ReplyBudgetTest {

  static final long MIB = 1024 * 1024;

  @TempDir
  Path root;
  private ToolHost host;

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    HostOptions options = new HostOptions().setMaxResultBytes(MIB).setMaxReplyBytes(MIB);
    host = TestHosts.start(vertx, root, options, new JsonObject(), new ProbePlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject probe(int chars) {
    return new JsonObject().put("tool", "probe").put("args", new JsonObject().put("chars", chars));
  }

  @Test
  @DisplayName("refuse a tool's output past tools.maxResultBytes with TOO_LARGE, saying how to ask for less")
  void oneOutput(Vertx vertx) throws Exception {
    JsonObject result = call(vertx, probe(2 * (int) MIB));

    assertThat(result.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "TOO_LARGE").put("message",
      "The output of probe is about 2097214 characters, over this host's budget of 1048576 for one call's output "
        + "(tools.maxResultBytes, shared among the calls of a batch that run at once). Ask for less: a narrower path or "
        + "pattern, or a smaller max_results or limit."));
  }

  @Test
  @DisplayName("answer the calls not started once a batch's reply passes coordinator.maxReplyBytes as not run, in order")
  void oneReply(Vertx vertx) throws Exception {
    List<Object> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(probe(100_000));
    }
    JsonObject reply = send(vertx, new JsonObject().put("calls", new JsonArray(calls)).put("maxParallel", 1));

    JsonArray results = reply.getJsonArray("results");
    int ran = 0;
    while (ran < results.size() && results.getJsonObject(ran).getBoolean("ok")) {
      ran++;
    }
    assertThat(ran).as("the calls that fit with room for the others' answers").isEqualTo(10);
    for (int i = ran; i < results.size(); i++) {
      assertThat(results.getJsonObject(i).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "TOO_LARGE")
        .put("message", "Not run: the batch's reply reached this host's budget (coordinator.maxReplyBytes). Send the calls "
          + "answered 'Not run' again, in a new batch."));
    }
    assertThat(reply.getJsonObject("stats").getInteger("notRun")).isEqualTo(20);
    assertThat(reply.getJsonObject("stats").getInteger("errors")).isEqualTo(20);
    assertThat((long) reply.encode().length()).as("within the budget").isLessThan(MIB);
  }

  @Test
  @DisplayName("keep a reply within coordinator.maxReplyBytes however many calls of it run at once: each starts with a share")
  void manyAtOnce(Vertx vertx) throws Exception {
    List<Object> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(new JsonObject().put("tool", "probe").put("args", new JsonObject().put("chars", 4 * (int) MIB).put("fit", true)
        .put("ms", 20)));
    }
    JsonObject reply = send(vertx, new JsonObject().put("calls", new JsonArray(calls)).put("maxParallel", 10_000));

    JsonObject stats = reply.getJsonObject("stats");
    assertThat((long) reply.encode().length()).as("within the budget").isLessThan(MIB);
    assertThat(stats.getInteger("maxConcurrency")).as("calls still ran side by side").isGreaterThan(1);
    assertThat(stats.getInteger("maxParallel")).as("a batch's cap is the host's at most").isEqualTo(host.ioPoolSize());
    assertThat(stats.getInteger("notRun")).isPositive();
    assertThat(stats.getInteger("errors")).isEqualTo(stats.getInteger("notRun"));
  }

  @Test
  @DisplayName("refuse budgets under 1 MiB in the configuration")
  void smallestBudget() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new HostOptions(new JsonObject()
        .put("tools", new JsonObject().put("maxResultBytes", 1000))))
      .hasMessage("tools.maxResultBytes must be at least 1048576, was 1000");
  }
}
