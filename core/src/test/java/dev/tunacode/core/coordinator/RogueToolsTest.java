package dev.tunacode.core.coordinator;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.spi.ToolSpec;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A plugin tool that breaks the SPI's rules in execute")
class RogueToolsTest {

  @TempDir
  Path root;
  private ToolHost host;

  /** A tool whose execute does what {@code behaviour} does. */
  private record Rogue(String name, Function<ToolCall, Future<JsonObject>> behaviour, Runnable plans) implements Tool {
    Rogue(String name, Function<ToolCall, Future<JsonObject>> behaviour) {
      this(name, behaviour, () -> { });
    }

    @Override
    public ToolSpec spec() {
      return new ToolSpec(name, kind(), description(), schema());
    }

    @Override
    public ToolKind kind() {
      return ToolKind.READ_ONLY;
    }

    @Override
    public String description() {
      return "misbehaves";
    }

    @Override
    public JsonObject schema() {
      return new JsonObject().put("type", "object");
    }

    @Override
    public Footprint footprint(JsonObject args) {
      plans.run();
      return Footprint.none();
    }

    @Override
    public Future<JsonObject> execute(ToolCall call) {
      return behaviour.apply(call);
    }
  }

  private static final class Rogues implements ToolPlugin {
    @Override
    public String name() {
      return "rogues";
    }

    @Override
    public List<Tool> tools(ToolContext context) {
      return List.of(
        new Rogue("throws", call -> {
          throw new IllegalStateException("boom");
        }),
        new Rogue("lacks_a_class", call -> {
          throw new NoClassDefFoundError("org/example/Missing");
        }),
        new Rogue("no_future", call -> null),
        new Rogue("asserts", call -> {
          throw new AssertionError("never here");
        }),
        new Rogue("overflows", call -> {
          throw new StackOverflowError();
        }),
        new Rogue("plans_badly", call -> Future.succeededFuture(new JsonObject().put("text", "unreached")), () -> {
          throw new AssertionError("no footprint");
        }),
        new Rogue("no_output", call -> Future.succeededFuture(null)),
        new Rogue("no_output_later", call -> context.io().run(() -> null)));
    }
  }

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    host = TestHosts.start(vertx, root, new ProbePlugin(), new Rogues()).toCompletionStage().toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("that throws an Error in execute, 100 times, leaves every slot free: the host still runs calls")
  void errorsLeakNoSlot(Vertx vertx) throws Exception {
    JsonArray calls = new JsonArray();
    for (int i = 0; i < 100; i++) {
      calls.add(new JsonObject().put("tool", i % 2 == 0 ? "asserts" : "overflows").put("args", new JsonObject()));
    }
    JsonObject reply = request(vertx, Addresses.BATCH, new JsonObject().put("calls", calls), new DeliveryOptions());
    assertThat(reply.getJsonArray("results").stream().map(r -> ((JsonObject) r).getJsonObject("error").getString("code")))
      .hasSize(100).containsOnly("INTERNAL");

    JsonObject after = request(vertx, Addresses.CALL, new JsonObject().put("tool", "probe").put("args", new JsonObject()),
      new DeliveryOptions());
    assertThat(after.getBoolean("ok")).isTrue();
  }

  @Test
  @DisplayName("whose footprint throws an Error is answered INTERNAL, and never runs")
  void footprintError(Vertx vertx) throws Exception {
    JsonObject reply = request(vertx, Addresses.CALL, new JsonObject().put("tool", "plans_badly").put("args", new JsonObject()),
      new DeliveryOptions());

    assertThat(reply.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "INTERNAL").put("message", "The call to "
      + "plans_badly failed unexpectedly: java.lang.AssertionError: no footprint. This is a bug in the tool; try another way "
      + "to do the same thing."));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "throws          | The call to throws failed unexpectedly: java.lang.IllegalStateException: boom. This is a bug in the tool; try another way to do the same thing.",
    "lacks_a_class   | The call to lacks_a_class failed unexpectedly: java.lang.NoClassDefFoundError: org/example/Missing. This is a bug in the tool; try another way to do the same thing.",
    "no_future       | The call to no_future failed unexpectedly: java.lang.IllegalStateException: no_future.execute returned null instead of a Future. This is a bug in the tool; try another way to do the same thing.",
    "asserts         | The call to asserts failed unexpectedly: java.lang.AssertionError: never here. This is a bug in the tool; try another way to do the same thing.",
    "overflows       | The call to overflows failed unexpectedly: java.lang.StackOverflowError. This is a bug in the tool; try another way to do the same thing.",
    "no_output       | The call to no_output failed unexpectedly: java.lang.IllegalStateException: no_output completed with no output (null). This is a bug in the tool; try another way to do the same thing.",
    "no_output_later | The call to no_output_later failed unexpectedly: java.lang.IllegalStateException: no_output_later completed with no output (null). This is a bug in the tool; try another way to do the same thing."})
  @DisplayName("is answered INTERNAL, the same in a batch and on its own address, and the batch's other calls and the next batch run")
  void answeredInternal(String tool, String message, Vertx vertx) throws Exception {
    JsonObject error = new JsonObject().put("code", "INTERNAL").put("message", message);
    JsonObject reply = request(vertx, Addresses.BATCH, new JsonObject().put("calls", new JsonArray()
      .add(new JsonObject().put("tool", tool).put("args", new JsonObject()))
      .add(new JsonObject().put("tool", "probe").put("args", new JsonObject()))), new DeliveryOptions());
    assertThat(reply.getJsonArray("results").getJsonObject(0).getJsonObject("error")).isEqualTo(error);
    assertThat(reply.getJsonArray("results").getJsonObject(1).getBoolean("ok")).isTrue();

    JsonObject direct = request(vertx, Addresses.tool(tool), new JsonObject(), new DeliveryOptions());
    assertThat(direct).isEqualTo(new JsonObject().put("ok", false).put("error", error));

    JsonObject next = request(vertx, Addresses.CALL, new JsonObject().put("tool", "probe").put("args", new JsonObject()),
      new DeliveryOptions());
    assertThat(next.getBoolean("ok")).as("the host goes on").isTrue();
  }

  private static JsonObject request(Vertx vertx, String address, JsonObject body, DeliveryOptions options) throws Exception {
    return vertx.eventBus().<JsonObject>request(address, body, options).map(Message::body)
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
