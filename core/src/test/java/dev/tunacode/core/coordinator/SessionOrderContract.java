package dev.tunacode.core.coordinator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.tunacode.core.coordinator.Batches.end;
import static dev.tunacode.core.coordinator.Batches.probe;
import static dev.tunacode.core.coordinator.Batches.results;
import static dev.tunacode.core.coordinator.Batches.start;
import static dev.tunacode.core.coordinator.Batches.write;
import static dev.tunacode.core.testing.TestHosts.batch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ordering contract of a session, as a client sees it: what its calls give, and which of them may
 * overlap. A subclass says where the requests go (a host in this JVM, or a gateway in front of workers)
 * and which folder the host serves; its host runs the {@code probe} tools of
 * {@link dev.tunacode.core.testing.ProbePlugin}, whose start and end are {@code System.nanoTime()}, which
 * every JVM on one machine reads from the same clock.
 */
public abstract class SessionOrderContract {

  /**
   * How long a call runs that a later one must overlap: longer than a request takes to reach the host
   * and be ordered, through a gateway too, on a busy machine with code not yet compiled.
   */
  protected static final int OVERLAP_MS = 400;

  /** @return the folder the host serves */
  protected abstract Path root();

  /** @return the reply to a request on {@code tunacode.batch} */
  protected abstract Future<JsonObject> sendBatch(JsonObject batch);

  /** @return the reply to a request on {@code tunacode.call} */
  protected abstract Future<JsonObject> sendCall(JsonObject call);

  @BeforeEach
  void seedFiles() throws Exception {
    Files.writeString(root().resolve("x.txt"), "x0");
    Files.writeString(root().resolve("y.txt"), "y0");
  }

  protected static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  protected static JsonObject first(JsonObject reply) {
    return reply.getJsonArray("results").getJsonObject(0);
  }

  @Test
  @DisplayName("wait across batches: a second batch's write of a file waits for the first batch's read of it; "
    + "in another session it does not")
  void acrossBatches() throws Exception {
    Future<JsonObject> read = sendBatch(batch(probe("x.txt", 200)).put("session", "s"));
    Future<JsonObject> waits = sendBatch(batch(write("x.txt", "w1", 0)).put("session", "s"));
    JsonObject readResult = first(await(read));
    JsonObject waited = first(await(waits));

    Future<JsonObject> otherRead = sendBatch(batch(probe("y.txt", OVERLAP_MS)).put("session", "a"));
    Future<JsonObject> otherWrite = sendBatch(batch(write("y.txt", "w2", 0)).put("session", "b"));
    JsonObject otherReadResult = first(await(otherRead));
    JsonObject overlapped = first(await(otherWrite));

    assertThat(readResult.getJsonObject("output").getString("text")).isEqualTo("x0");
    assertThat(start(waited)).as("the write started after the read ended").isGreaterThanOrEqualTo(end(readResult));
    assertThat(start(overlapped)).as("another session's write did not wait").isLessThan(end(otherReadResult));
  }

  // When a call overlapped or waited, and where it ran: what a failed assertion on the order needs to be understood.
  private static String timeline(List<JsonObject> results) {
    long t0 = results.stream().mapToLong(Batches::start).min().orElse(0);
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.get(i);
      line.append(String.format("%n  %d: %d..%d ms%s", i, (start(result) - t0) / 1_000_000, (end(result) - t0) / 1_000_000,
        result.containsKey("node") ? " on " + result.getString("node") : ""));
    }
    return line.toString();
  }

  @Test
  @DisplayName("give what one-by-one gives when sent as single calls without waiting, and overlap where they may")
  void singleCalls() throws Exception {
    List<JsonObject> calls = List.of(
      probe("x.txt", OVERLAP_MS), write("x.txt", "x1", 0), probe("x.txt", 0), write("x.txt", "x2", 0),
      probe("y.txt", OVERLAP_MS), probe("y.txt", OVERLAP_MS), probe("x.txt", 0), write("y.txt", "y3", 0), probe("y.txt", 0), probe("x.txt", 0));
    List<Future<JsonObject>> sent = new ArrayList<>();
    for (JsonObject call : calls) {
      sent.add(sendCall(call.copy().put("session", "agent")));
    }
    List<JsonObject> results = new ArrayList<>();
    for (Future<JsonObject> each : sent) {
      results.add(await(each));
    }

    assertThat(results.stream().map(r -> r.getJsonObject("output").getString("text")))
      .containsExactly("x0", "wrote x.txt", "x1", "wrote x.txt", "y0", "y0", "x2", "wrote y.txt", "y3", "x2");
    assertThat(start(results.get(5))).as("the two reads of y.txt overlapped, in %s", timeline(results))
      .isLessThan(end(results.get(4)));
    assertThat(start(results.get(4))).as("a read of y.txt did not wait for the calls on x.txt, in %s", timeline(results))
      .isLessThan(end(results.get(0)));
  }

  @Test
  @DisplayName("keep a timed-out write's paths until it has really stopped, while a read of another path goes on")
  void timedOutWriteHoldsItsPath() throws Exception {
    Future<JsonObject> slow = sendCall(write("x.txt", "first", 600).put("session", "s").put("timeoutMs", 100));
    Future<JsonObject> next = sendCall(write("x.txt", "second", 0).put("session", "s"));
    Future<JsonObject> other = sendCall(probe("y.txt", 0).put("session", "s"));

    assertThat(await(slow).getJsonObject("error").getString("code")).isEqualTo("TIMEOUT");
    JsonObject otherResult = await(other);
    JsonObject nextResult = await(next);

    assertThat(Files.readString(root().resolve("x.txt"))).as("the later write landed last").isEqualTo("second");
    assertThat(end(otherResult)).as("the read of y.txt did not wait for the stuck write").isLessThan(start(nextResult));
  }

  @Test
  @DisplayName("start a lone read before its paths are known, and then order later writes by what it really reads")
  void deferredReads() throws Exception {
    Future<JsonObject> slowRead = sendCall(probe("x.txt", 1_500).put("session", "r"));
    Thread.sleep(300); // it is running by now; its paths are resolved when the first write comes
    Future<JsonObject> otherWrite = sendCall(write("y.txt", "y1", 0).put("session", "r"));
    Future<JsonObject> sameWrite = sendCall(write("x.txt", "x1", 0).put("session", "r"));

    JsonObject read = await(slowRead);
    JsonObject other = await(otherWrite);
    JsonObject same = await(sameWrite);
    assertThat(read.getJsonObject("output").getString("text")).isEqualTo("x0");
    assertThat(start(other)).as("a write of another file did not wait for the read").isLessThan(end(read));
    assertThat(start(same)).as("a write of the file read waited for it").isGreaterThanOrEqualTo(end(read));
    assertThat(Files.readString(root().resolve("x.txt"))).isEqualTo("x1");
  }

  @Test
  @DisplayName("answer a chain of ten thousand calls that each end at once, without the stack growing with the chain")
  void chainOfInstantCalls() throws Exception {
    JsonArray chain = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      chain.add(write("x.txt", "never", 0).put("args", new JsonObject().put("path", "x.txt").put("content", "c")
        .put("fail", true)));
    }
    JsonObject reply = await(sendBatch(new JsonObject().put("calls", chain).put("session", "s")));

    assertThat(results(reply)).hasSize(10_000)
      .allSatisfy(result -> assertThat(result.getJsonObject("error").getString("message")).isEqualTo("probe failed as asked"));
    assertThat(Files.readString(root().resolve("x.txt"))).isEqualTo("x0");
  }

  @Test
  @DisplayName("keep the order when a call conflicts with more earlier calls than are linked one by one")
  void manyConflicts() throws Exception {
    Files.createDirectory(root().resolve("d"));
    JsonArray calls = new JsonArray();
    int writes = Session.MAX_LINKS + 44;
    for (int i = 0; i < writes; i++) {
      calls.add(write("d/f" + i, "w" + i, 2));
    }
    calls.add(probe("d", 0)).add(probe("d/f7", 0)).add(write("d/f8", "later", 0));
    List<JsonObject> results = results(await(sendBatch(new JsonObject().put("calls", calls).put("session", "s"))));

    JsonObject folderRead = results.get(writes);
    long lastWriteEnd = results.subList(0, writes).stream().mapToLong(Batches::end).max().orElseThrow();
    assertThat(start(folderRead)).as("the read of the folder waited for every write in it").isGreaterThanOrEqualTo(lastWriteEnd);
    assertThat(results.get(writes + 1).getJsonObject("output").getString("text")).isEqualTo("w7");
    assertThat(start(results.get(writes + 2))).as("the write after the folder's read waited for it")
      .isGreaterThanOrEqualTo(end(folderRead));
    assertThat(Files.readString(root().resolve("d/f8"))).isEqualTo("later");
  }

  @Test
  @DisplayName("answer every batch with its batchId, which its events carry too, and refuse a bad session name")
  void batchIdsAndNames() throws Exception {
    JsonObject one = await(sendBatch(batch(probe(null, 0))));
    JsonObject two = await(sendBatch(batch(probe(null, 0))));
    JsonObject bad = await(sendBatch(batch(probe(null, 0)).put("session", " ")));

    assertThat(one.getString("batchId")).isNotBlank().isNotEqualTo(two.getString("batchId"));
    assertThat(bad.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message",
      "'session' must name the session, a non-blank string of at most 200 characters, or be left out."));
  }
}
