package dev.tunacode.core.coordinator;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.tunacode.core.coordinator.Batches.exec;
import static dev.tunacode.core.coordinator.Batches.probe;
import static dev.tunacode.core.coordinator.Batches.results;
import static dev.tunacode.core.coordinator.Batches.start;
import static dev.tunacode.core.coordinator.Batches.write;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("tunacode.cancel")
class CancelTest {

  @TempDir
  Path root;
  Vertx vertx;
  ToolHost host;

  @BeforeEach
  void startHost() throws Exception {
    vertx = Vertx.vertx();
    host = TestHosts.start(vertx, root, new HostOptions(), new JsonObject(), new ProbePlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Files.writeString(root.resolve("x.txt"), "x0");
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private JsonObject cancel(JsonObject body) throws Exception {
    return await(vertx.eventBus().<JsonObject>request(Addresses.CANCEL, body).map(Message::body));
  }

  /** Sends a batch with an events address; @return its reply, once the batch's id is known */
  private record Sent(String batchId, Future<JsonObject> reply, LinkedBlockingQueue<JsonObject> events) {
  }

  private Sent send(JsonArray calls, String session) throws Exception {
    String address = "test.events." + System.nanoTime();
    LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    CompletableFuture<String> accepted = new CompletableFuture<>();
    vertx.eventBus().<JsonObject>consumer(address, event -> {
      if ("accepted".equals(event.body().getString("type"))) {
        accepted.complete(event.body().getString("batchId"));
      } else {
        events.add(event.body());
      }
    });
    JsonObject batch = new JsonObject().put("calls", calls).put("events", address);
    if (session != null) {
      batch.put("session", session);
    }
    Future<JsonObject> reply = vertx.eventBus().<JsonObject>request(Addresses.BATCH, batch).map(Message::body);
    return new Sent(accepted.get(10, TimeUnit.SECONDS), reply, events);
  }

  private static JsonObject stoppable(int ms) {
    JsonObject call = probe(null, ms);
    call.getJsonObject("args").put("stoppable", true);
    return call;
  }

  private static JsonObject error(JsonObject result) {
    return result.getJsonObject("error");
  }

  @Test
  @DisplayName("answers a waiting call CANCELLED at once and never runs it; a running one stops and says so")
  void waitingAndRunning() throws Exception {
    Sent sent = send(new JsonArray().add(stoppable(20_000)).add(exec(0)).add(write("x.txt", "never", 0)), null);
    // The first result event cannot come before the cancel: the running call waits 20 s.
    JsonObject reply = cancel(new JsonObject().put("batchId", sent.batchId()));
    List<JsonObject> results = results(await(sent.reply()));

    assertThat(reply.getInteger("cancelled")).isEqualTo(3);
    assertThat(reply.getJsonArray("calls").stream().map(c -> ((JsonObject) c).getString("state")))
      .containsExactly("running", "waiting", "waiting");
    assertThat(reply.getString("text")).isEqualTo("Cancelled 3 calls of batch '" + sent.batchId()
      + "': 2 waiting, which will not run, and 1 running, which was asked to stop.");
    assertThat(error(results.get(0))).isEqualTo(new JsonObject().put("code", "CANCELLED")
      .put("message", "The call was cancelled before it finished."));
    assertThat(error(results.get(1))).isEqualTo(new JsonObject().put("code", "CANCELLED")
      .put("message", "Cancelled before it started; it did not run."));
    assertThat(results.get(2).getJsonObject("timing").getDouble("runMs")).isZero();
    assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("x0");
  }

  @Test
  @DisplayName("cancels one call by its callId or its own id, and the calls after it still wait for what it waited for")
  void oneCall() throws Exception {
    Sent sent = send(new JsonArray().add(write("x.txt", "first", 300)).add(write("x.txt", "second", 0).put("id", "mid"))
      .add(write("x.txt", "third", 0)), "s");
    JsonObject reply = cancel(new JsonObject().put("batchId", sent.batchId()).put("callId", "mid"));
    List<JsonObject> results = results(await(sent.reply()));

    assertThat(reply.getJsonArray("calls")).containsExactly(new JsonObject().put("batchId", sent.batchId())
      .put("callId", sent.batchId() + "/1").put("id", "mid").put("tool", "probe_write").put("state", "waiting"));
    assertThat(results.get(0).getBoolean("ok")).isTrue();
    assertThat(error(results.get(1)).getString("code")).isEqualTo("CANCELLED");
    assertThat(start(results.get(2))).as("the third write waited for the first, through the cancelled second")
      .isGreaterThanOrEqualTo(Batches.end(results.get(0)));
    assertThat(Files.readString(root.resolve("x.txt"))).isEqualTo("third");
  }

  @Test
  @DisplayName("cancels every batch of a session, and nothing of another session")
  void session() throws Exception {
    Sent one = send(new JsonArray().add(stoppable(20_000)), "doomed");
    Sent two = send(new JsonArray().add(stoppable(20_000)).add(exec(0)), "doomed");
    Sent other = send(new JsonArray().add(stoppable(300)), "spared");
    JsonObject reply = cancel(new JsonObject().put("session", "doomed").put("reason", "the agent gave up"));

    assertThat(reply.getInteger("cancelled")).isEqualTo(3);
    assertThat(error(results(await(one.reply())).get(0)).getString("code")).isEqualTo("CANCELLED");
    assertThat(results(await(two.reply())).stream().map(r -> error(r).getString("code"))).containsExactly("CANCELLED", "CANCELLED");
    assertThat(results(await(other.reply())).get(0).getBoolean("ok")).isTrue();
  }

  @Test
  @DisplayName("answers a cancel of what has finished, or never was, with a clear text and no error")
  void nothingToCancel() throws Exception {
    Sent sent = send(new JsonArray().add(probe(null, 0)), null);
    await(sent.reply());

    assertThat(cancel(new JsonObject().put("batchId", sent.batchId()))).isEqualTo(new JsonObject().put("ok", true)
      .put("cancelled", 0).put("calls", new JsonArray()).put("text", "Nothing to cancel: no call of batch '" + sent.batchId()
        + "' is waiting or running. It has finished, or there was none."));
    assertThat(cancel(new JsonObject().put("session", "nobody")).getInteger("cancelled")).isZero();
  }

  @Test
  @DisplayName("refuses a request that names no target, or two")
  void badRequests() throws Exception {
    String expected = "Name exactly one of 'batchId', 'session' or 'connection' to say what to cancel. "
      + "Send {\"batchId\":\"…\"}, {\"batchId\":\"…\",\"callId\":\"…\"} or {\"session\":\"…\"}.";
    for (JsonObject body : List.of(new JsonObject(), new JsonObject().put("batchId", "a").put("session", "b"))) {
      assertThat(cancel(body)).isEqualTo(new JsonObject().put("ok", false).put("error", new JsonObject()
        .put("code", "INVALID_ARGS").put("message", expected)));
    }
    assertThat(cancel(new JsonObject().put("callId", "x")).getJsonObject("error").getString("code")).isEqualTo("INVALID_ARGS");
    assertThat(cancel(new JsonObject().put("batchId", 7)).getJsonObject("error").getString("message"))
      .isEqualTo("'batchId' must name the batchId, a non-blank string of at most 200 characters, or be left out.");
  }

  @Test
  @DisplayName("lists a cancelled call whose tool does not stop as overdue, with its tool and age, until it stops; a later write to its path waits for it")
  void overdueUntilStopped() throws Exception {
    Sent sent = send(new JsonArray().add(write("x.txt", "stubborn", 6_500)), "slow");
    Future<JsonObject> after = vertx.eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("session", "slow")
      .put("calls", new JsonArray().add(write("x.txt", "after", 0)))).map(Message::body);
    cancel(new JsonObject().put("batchId", sent.batchId()));
    JsonObject cancelled = results(await(sent.reply())).get(0);
    assertThat(error(cancelled).getString("message")).startsWith("Cancelled while running. The tool was asked to stop and has not yet");

    for (int i = 0; i < 400 && host.overdue().count() == 0; i++) {
      Thread.sleep(50);
    }
    JsonObject listed = host.overdue().list().getJsonObject(0);
    assertThat(listed.getString("callId")).isEqualTo(sent.batchId() + "/0");
    assertThat(listed.getString("tool")).isEqualTo("probe_write");
    assertThat(listed.getLong("overdueMs")).isGreaterThanOrEqualTo(5_000);
    assertThat(listed.getLong("runningMs")).isGreaterThan(listed.getLong("overdueMs"));

    JsonObject later = results(await(after)).get(0);
    assertThat(host.overdue().count()).as("stopped, no longer overdue").isZero();
    assertThat(Files.readString(root.resolve("x.txt"))).as("the later write ran after the stubborn one ended").isEqualTo("after");
    assertThat(later.getBoolean("ok")).isTrue();
  }
}
