package dev.tunacode.core.coordinator;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
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
import java.util.concurrent.TimeUnit;

import static dev.tunacode.core.coordinator.Batches.exec;
import static dev.tunacode.core.coordinator.Batches.probe;
import static dev.tunacode.core.coordinator.Batches.results;
import static dev.tunacode.core.coordinator.Batches.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command may change where a path leads: a symlink made where nothing was. Calls whose paths were
 * resolved while a command of their session had not finished must be ordered by where their paths lead
 * after it. Here the test makes the symlink itself while the command runs, as the command would.
 */
@DisplayName("Paths resolved before a command of the session finished")
class StalePathsTest {

  @TempDir
  Path root;
  Vertx vertx;
  ToolHost host;

  @BeforeEach
  void startHost() throws Exception {
    vertx = Vertx.vertx();
    host = TestHosts.start(vertx, root, new HostOptions(), new JsonObject(), new ProbePlugin())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Files.writeString(root.resolve("real.txt"), "old");
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("in the command's own batch: a slow write through the new link and a read of its target keep their order")
  void sameBatch() throws Exception {
    Sent batch = send(new JsonArray().add(exec(400)).add(write("link.txt", "new", 300)).add(probe("real.txt", 0)));
    batch.accepted().get(10, TimeUnit.SECONDS);
    Files.createSymbolicLink(root.resolve("link.txt"), Path.of("real.txt"));

    List<JsonObject> results = results(await(batch.reply()));
    assertThat(results.get(2).getJsonObject("output").getString("text")).as("the read came after the write, as one by one")
      .isEqualTo("new");
  }

  @Test
  @DisplayName("in a later batch of the session, planned while the command ran: the same")
  void laterBatch() throws Exception {
    Sent command = send(new JsonArray().add(exec(600)));
    command.accepted().get(10, TimeUnit.SECONDS);
    Sent later = send(new JsonArray().add(write("link.txt", "new", 300)).add(probe("real.txt", 0)));
    later.accepted().get(10, TimeUnit.SECONDS);
    Files.createSymbolicLink(root.resolve("link.txt"), Path.of("real.txt"));

    assertThat(results(await(command.reply())).get(0).getBoolean("ok")).isTrue();
    assertThat(results(await(later.reply())).get(1).getJsonObject("output").getString("text")).isEqualTo("new");
  }

  @Test
  @DisplayName("without a command, calls are linked at once: a read beside a slow write of another file does not wait")
  void noCommandNoWait() throws Exception {
    Sent batch = send(new JsonArray().add(write("other.txt", "x", 300)).add(probe("real.txt", 0)));
    List<JsonObject> results = results(await(batch.reply()));
    assertThat(Batches.start(results.get(1))).isLessThan(Batches.end(results.get(0)));
  }

  /** A batch sent, its reply, and its accepted event: once that came its paths are resolved. */
  private record Sent(Future<JsonObject> reply, CompletableFuture<Void> accepted) {
  }

  private Sent send(JsonArray calls) throws Exception {
    String address = "test.events." + System.nanoTime();
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, event -> {
      if ("accepted".equals(event.body().getString("type"))) {
        accepted.complete(null);
      }
    });
    await(consumer.completion());
    Future<JsonObject> reply = vertx.eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("session", "agent")
      .put("events", address).put("calls", calls)).map(Message::body);
    return new Sent(reply, accepted);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
