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

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tunacode.core.coordinator.Batches.end;
import static dev.tunacode.core.coordinator.Batches.probe;
import static dev.tunacode.core.coordinator.Batches.results;
import static dev.tunacode.core.coordinator.Batches.start;
import static dev.tunacode.core.testing.TestHosts.batch;
import static org.assertj.core.api.Assertions.assertThat;

/** The contract on a host in this JVM, and how one host shares its slots between sessions. */
@DisplayName("A session's calls, however they arrive")
class SessionOrderTest extends SessionOrderContract {

  @TempDir
  Path root;
  Vertx vertx;
  ToolHost host;

  @BeforeEach
  void startHost() throws Exception {
    vertx = Vertx.vertx();
    host = TestHosts.start(vertx, root, new HostOptions().setMaxRunning(4), new JsonObject(), new ProbePlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  protected Path root() {
    return root;
  }

  @Override
  protected Future<JsonObject> sendBatch(JsonObject batch) {
    return vertx.eventBus().<JsonObject>request(Addresses.BATCH, batch).map(Message::body);
  }

  @Override
  protected Future<JsonObject> sendCall(JsonObject call) {
    return vertx.eventBus().<JsonObject>request(Addresses.CALL, call).map(Message::body);
  }

  @Test
  @DisplayName("take turns: three calls of one session start within a few slots of another's five hundred queued ones")
  void fairTurns() throws Exception {
    JsonArray many = new JsonArray();
    for (int i = 0; i < 500; i++) {
      many.add(probe(null, 20));
    }
    // The first result event says the busy session's calls are running, so the others arrive behind its queue.
    CompletableFuture<Void> firstEnded = new CompletableFuture<>();
    vertx.eventBus().consumer("test.busy.events", event -> firstEnded.complete(null));
    Future<JsonObject> busy = sendBatch(new JsonObject().put("calls", many).put("session", "busy")
      .put("maxParallel", 100).put("events", "test.busy.events"));
    firstEnded.get(30, TimeUnit.SECONDS);
    JsonObject few = await(sendBatch(batch(probe(null, 20), probe(null, 20), probe(null, 20)).put("session", "few")));
    JsonObject crowd = await(busy);

    List<Long> fewStarts = results(few).stream().map(Batches::start).sorted().toList();
    List<Long> busyStarts = results(crowd).stream().map(Batches::start).toList();
    long between = busyStarts.stream().filter(s -> s > fewStarts.get(0) && s < fewStarts.get(2)).count();
    long after = busyStarts.stream().filter(s -> s > fewStarts.get(2)).count();
    assertThat(after).as("busy calls that started after the last of the few: the few did not queue behind the crowd")
      .isGreaterThanOrEqualTo(250);
    // Turns alternate, so two busy calls start between the few's first and last; starts are stamped on
    // worker threads, so allow for a little jitter.
    assertThat(between).as("busy calls that started among the few's three").isLessThanOrEqualTo(4);
  }

  @Test
  @DisplayName("keep a quarter of the slots from any one session: another's call starts while the first's slow calls hold the rest")
  void slotsKeptForOthers() throws Exception {
    JsonArray slow = new JsonArray();
    for (int i = 0; i < 6; i++) {
      slow.add(probe(null, 1_000));
    }
    Future<JsonObject> hog = sendBatch(new JsonObject().put("calls", slow).put("session", "hog").put("maxParallel", 6));
    Thread.sleep(200); // the hog's calls take their slots first
    JsonObject other = first(await(sendBatch(batch(probe(null, 0)).put("session", "other"))));
    List<JsonObject> hogs = results(await(hog));

    long firstHogEnd = hogs.stream().mapToLong(Batches::end).min().orElseThrow();
    assertThat(hogs.stream().filter(r -> start(r) < firstHogEnd).count()).as("the hog's calls at once, of 4 slots").isEqualTo(3);
    assertThat(start(other)).as("the other session did not wait for a slow call to end").isLessThan(firstHogEnd);
  }
}
