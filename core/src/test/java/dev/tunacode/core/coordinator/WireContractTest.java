package dev.tunacode.core.coordinator;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.tunacode.core.coordinator.Batches.call;
import static dev.tunacode.core.coordinator.Batches.probe;
import static dev.tunacode.core.coordinator.Batches.results;
import static dev.tunacode.core.coordinator.Batches.send;
import static dev.tunacode.core.testing.TestHosts.batch;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The coordinator keeps the wire contract")
class WireContractTest {

  @TempDir
  Path root;
  private ToolHost host;

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    host = TestHosts.start(vertx, root, new ProbePlugin()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("tunacode.tools lists every tool with its kind, description and schema, sorted by name")
  void listsTools(Vertx vertx) throws Exception {
    JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.TOOLS, new JsonObject())
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    JsonArray tools = reply.getJsonArray("tools");

    assertThat(tools.stream().map(t -> ((JsonObject) t).getString("name"))).containsExactly("probe", "probe_exec", "probe_write");
    JsonObject first = tools.getJsonObject(0);
    assertThat(first.getString("kind")).isEqualTo("READ_ONLY");
    assertThat(first.getString("description")).isEqualTo("Test probe (READ_ONLY)");
    assertThat(first.getJsonObject("schema").getJsonObject("properties").fieldNames()).contains("path", "ms");
  }

  @Test
  @DisplayName("a request naming another workspace is NOT_FOUND, naming the one served; naming it, or none, runs")
  void workspaceField(Vertx vertx) throws Exception {
    JsonObject elsewhere = call(vertx, new JsonObject().put("tool", "probe").put("args", new JsonObject()).put("workspace", "other"));
    assertThat(elsewhere.getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    assertThat(elsewhere.getJsonObject("error").getString("message"))
      .isEqualTo("No workspace 'other' is served here. Served: 'default'. Name that one, or leave 'workspace' out.");
    JsonObject batchElsewhere = send(vertx, batch(TestHosts.call("probe", new JsonObject())).put("workspace", "other"));
    assertThat(batchElsewhere.getBoolean("ok")).isFalse();
    assertThat(batchElsewhere.getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    JsonObject notAName = send(vertx, batch(TestHosts.call("probe", new JsonObject())).put("workspace", List.of("x")));
    assertThat(notAName.getJsonObject("error").getString("code")).isEqualTo("INVALID_ARGS");

    assertThat(call(vertx, new JsonObject().put("tool", "probe").put("args", new JsonObject()).put("workspace", "default"))
      .getBoolean("ok")).isTrue();
    JsonObject own = send(vertx, batch(TestHosts.call("probe", new JsonObject())).put("batchId", "chosen-by-client"));
    assertThat(own.getString("batchId")).as("a host alone names its own batches").isNotEqualTo("chosen-by-client");
  }

  @Test
  @DisplayName("tunacode.call answers one result object with id, tool, output and timing")
  void singleCall(Vertx vertx) throws Exception {
    JsonObject result = call(vertx, probe(null, 0).put("id", "c1"));

    assertThat(result.getString("id")).isEqualTo("c1");
    assertThat(result.getString("tool")).isEqualTo("probe");
    assertThat(result.getBoolean("ok")).isTrue();
    assertThat(result.getJsonObject("output").getString("text")).isEmpty();
    assertThat(result.getJsonObject("timing").fieldNames()).contains("queuedMs", "runMs");
  }

  @Test
  @DisplayName("a batch without a calls array is refused with INVALID_ARGS")
  void batchWithoutCalls(Vertx vertx) throws Exception {
    JsonObject reply = send(vertx, new JsonObject().put("call", new JsonArray()));

    assertThat(reply.getBoolean("ok")).isFalse();
    assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("INVALID_ARGS");
    assertThat(reply.getJsonObject("error").getString("message"))
      .isEqualTo("The batch needs a 'calls' array, such as {\"calls\":[{\"tool\":\"echo\",\"args\":{}}]}.");
  }

  @ParameterizedTest(name = "{0} to {1}")
  @CsvSource(delimiter = '|', value = {
    "\"str\"|tunacode.call|a string", "5|tunacode.call|a number", "[]|tunacode.call|an array", "true|tunacode.call|a boolean",
    "\"str\"|tunacode.batch|a string", "5|tunacode.batch|a number", "[]|tunacode.batch|an array", "true|tunacode.batch|a boolean"})
  @DisplayName("a request whose body is not an object is answered with INVALID_ARGS that shows the shape to send")
  void bodyNotAnObject(String body, String address, String kind, Vertx vertx) throws Exception {
    Object value = Json.decodeValue(body);
    JsonObject reply = vertx.eventBus().<JsonObject>request(address, value).toCompletionStage().toCompletableFuture()
      .get(10, TimeUnit.SECONDS).body();

    String example = address.equals(Addresses.BATCH) ? "{\"calls\":[{\"tool\":\"read_file\",\"args\":{\"filepath\":\"README.md\"}}]}"
      : "{\"tool\":\"read_file\",\"args\":{\"filepath\":\"README.md\"}}";
    assertThat(reply).isEqualTo(new JsonObject().put("ok", false).put("error", new JsonObject().put("code", "INVALID_ARGS")
      .put("message", "The request must be a JSON object, such as " + example + ", not " + kind + ".")));
  }

  @Test
  @DisplayName("a null argument is taken as not given, and a number past a long is refused, not wrapped")
  void nullAndHugeArguments(Vertx vertx) throws Exception {
    JsonObject withNull = call(vertx, new JsonObject().put("tool", "probe").put("args", new JsonObject().putNull("ms")));
    JsonObject huge = call(vertx, new JsonObject().put("tool", "probe")
      .put("args", new JsonObject().put("ms", new java.math.BigInteger("9223372036854775808"))));

    assertThat(withNull.getBoolean("ok")).as(withNull.encode()).isTrue();
    assertThat(huge.getJsonObject("error").getString("code")).isEqualTo("INVALID_ARGS");
    assertThat(huge.getJsonObject("error").getString("message"))
      .isEqualTo("Invalid arguments for probe: Argument 'ms' must be a whole number from -9223372036854775808 to "
        + "9223372036854775807, got 9223372036854775808.");
  }

  @Test
  @DisplayName("a bad maxParallel or timeoutMs is refused with INVALID_ARGS, saying what is wrong with it")
  void badMaxParallel(Vertx vertx) throws Exception {
    JsonObject reply = send(vertx, batch(probe(null, 0)).put("maxParallel", 0));

    assertThat(reply.getJsonObject("error").getString("message")).isEqualTo("'maxParallel' must be a positive whole number, got 0.");
    JsonObject tooLong = send(vertx, batch(probe(null, 0)).put("timeoutMs", 2_147_483_648L));
    assertThat(tooLong.getJsonObject("error").getString("message"))
      .isEqualTo("'timeoutMs' is at most 2147483647, got 2147483648; leave it out for the default.");
    JsonObject pastLong = send(vertx, new JsonObject(batch(probe(null, 0)).encode().replace("{\"calls\"",
      "{\"timeoutMs\":99999999999999999999,\"calls\"")));
    assertThat(pastLong.getJsonObject("error").getString("message")).startsWith("'timeoutMs' is at most 2147483647, got ");
  }

  @Test
  @DisplayName("an empty batch answers no results")
  void emptyBatch(Vertx vertx) throws Exception {
    JsonObject reply = send(vertx, batch());

    assertThat(reply.getBoolean("ok")).isTrue();
    assertThat(reply.getJsonArray("results")).isEmpty();
    assertThat(reply.getJsonObject("stats").getInteger("calls")).isZero();
  }

  @Test
  @DisplayName("events receives the batch's id when it is accepted, then one message per finished call, as it finishes, with its index")
  void events(Vertx vertx) throws Exception {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer("test.events", msg -> events.add(msg.body()))
      .completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

    JsonObject reply = send(vertx, batch(probe(null, 80), probe(null, 0), new JsonObject().put("tool", "nope"))
      .put("events", "test.events"));

    assertThat(reply.getJsonArray("results")).hasSize(3);
    String batchId = reply.getString("batchId");
    assertThat(events).hasSize(4);
    assertThat(events.get(0)).isEqualTo(new JsonObject().put("type", "accepted").put("batchId", batchId)
      .put("session", "batch:" + batchId).put("calls", 3).put("ids", new JsonArray().add("0").add("1").add("2")));
    List<JsonObject> finished = events.subList(1, 4);
    assertThat(finished.stream().map(e -> e.getInteger("index"))).containsExactly(2, 1, 0);
    assertThat(finished).allSatisfy(e -> assertThat(e.getString("type") + " " + e.getString("batchId")).isEqualTo("result " + batchId));
    assertThat(finished.get(0).getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_TOOL");
  }

  @Nested
  @DisplayName("when calls fail")
  class Failures {

    @Test
    @DisplayName("a failing call, an unknown tool and bad arguments each keep their slot, and the others are intact and in order")
    void failuresStayInTheirSlot(Vertx vertx) throws Exception {
      JsonObject reply = send(vertx, batch(
        probe(null, 20).put("id", "a"),
        new JsonObject().put("id", "b").put("tool", "probe").put("args", new JsonObject().put("fail", true)),
        new JsonObject().put("id", "c").put("tool", "no_such_tool").put("args", new JsonObject()),
        new JsonObject().put("id", "d").put("tool", "probe").put("args", new JsonObject().put("ms", "soon")),
        new JsonObject().put("id", "e").put("tool", "probe").put("args", new JsonObject().put("colour", "red")),
        new JsonObject().put("id", "f").put("tool", "probe_write").put("args", new JsonObject().put("path", "a.txt")),
        probe(null, 10).put("id", "g")));
      List<JsonObject> r = results(reply);

      assertThat(r.stream().map(x -> x.getString("id"))).containsExactly("a", "b", "c", "d", "e", "f", "g");
      assertThat(r.stream().map(x -> x.getBoolean("ok"))).containsExactly(true, false, false, false, false, false, true);
      assertThat(r.get(1).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "IO_ERROR").put("message", "probe failed as asked"));
      assertThat(r.get(2).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "UNKNOWN_TOOL")
        .put("message", "There is no tool named 'no_such_tool'. Known tools: probe, probe_exec, probe_write."));
      assertThat(r.get(3).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
        .put("message", "Invalid arguments for probe: Argument 'ms' must be an integer, got string \"soon\"."));
      assertThat(r.get(4).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
        .put("message", "Invalid arguments for probe: Unknown argument 'colour'. Known arguments: chars, content, fail, fit, ms, path, stoppable."));
      assertThat(r.get(5).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
        .put("message", "Invalid arguments for probe_write: Missing required argument 'content' (string)."));
      assertThat(reply.getJsonObject("stats").getInteger("errors")).isEqualTo(5);
    }

    @Test
    @DisplayName("a call past its time limit gives TIMEOUT and the next call still runs")
    void timeout(Vertx vertx) throws Exception {
      List<JsonObject> r = results(send(vertx, batch(probe(null, 2_000), probe(null, 0)).put("timeoutMs", 100)));

      assertThat(r.get(0).getJsonObject("error").getString("code")).isEqualTo("TIMEOUT");
      assertThat(r.get(0).getJsonObject("error").getString("message")).isEqualTo("The call to probe did not finish in time "
        + "and was abandoned. Narrow the call (a smaller folder, a more specific pattern) or raise timeoutMs.");
      assertThat(r.get(1).getBoolean("ok")).isTrue();
    }

    @Test
    @DisplayName("a path outside the workspace fails in its own slot")
    void outsideWorkspace(Vertx vertx) throws Exception {
      List<JsonObject> r = results(send(vertx, batch(probe("../escape.txt", 0), probe(null, 0))));

      assertThat(r.get(0).getJsonObject("error").getString("code")).isEqualTo("OUTSIDE_WORKSPACE");
      assertThat(r.get(1).getBoolean("ok")).isTrue();
    }
  }

  @Nested
  @DisplayName("when commands are turned off")
  class ExecuteDisabled {

    @Test
    @DisplayName("an EXECUTE call gives DENIED and the other calls run")
    void denied(Vertx vertx, @TempDir Path other) throws Exception {
      ToolHost off = null;
      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try {
        off = TestHosts.start(vertx, other, new HostOptions().setExecuteEnabled(false), new JsonObject(), new ProbePlugin())
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<JsonObject> r = results(send(vertx, batch(Batches.exec(0), probe(null, 0))));

        assertThat(r.get(0).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "DENIED").put("message",
          "Running commands is turned off on this host (tools.execute.enabled=false), so probe_exec cannot run. Use the file tools instead."));
        assertThat(r.get(1).getBoolean("ok")).isTrue();
      } finally {
        host = off != null ? off : host;
      }
    }
  }
}
