package dev.tunacode.core;

import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.spi.ToolSpec;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("A plugin added, replaced or removed in a running host")
class PluginChangeTest {

  @TempDir
  Path root;
  private Vertx vertx;
  private ToolHost host;
  private final List<String> events = new CopyOnWriteArrayList<>();
  /** Completes the calls that were asked to wait. */
  private final Promise<Void> gate = Promise.promise();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    host = get(TestHosts.start(vertx, root, new HostOptions(), new JsonObject(), new Versioned("builtin", "v0", "base_tool")));
  }

  @AfterEach
  void stop() throws Exception {
    gate.tryComplete();
    get(host.close());
    get(vertx.close());
  }

  @Test
  @DisplayName("serves an added plugin's tools, and once removed answers UNKNOWN_TOOL and no longer serves the tool's address")
  void addThenRemove() throws Exception {
    Versioned v1 = new Versioned("versions", "v1", "version");
    assertThat(get(host.add(v1))).isNull();
    assertThat(output(call("version"))).isEqualTo("v1");
    assertThat(direct("version").getJsonObject("output").getString("text")).isEqualTo("v1");

    get(host.remove(v1));

    JsonObject gone = call("version");
    assertThat(gone.getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_TOOL");
    assertThat(gone.getJsonObject("error").getString("message")).isEqualTo("There is no tool named 'version'. Known tools: base_tool.");
    Throwable unserved = vertx.eventBus().request(Addresses.tool("version"), new JsonObject())
      .toCompletionStage().toCompletableFuture().handle((reply, failure) -> failure).get(10, TimeUnit.SECONDS);
    assertThat(unserved).isInstanceOfSatisfying(ReplyException.class,
      e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    assertThat(events).containsExactly("v1 stopped");
  }

  @Test
  @DisplayName("lets a call running on the old version end on it, sends later calls to the new, and stops the old only then")
  void replaceWhileRunning() throws Exception {
    Versioned v1 = new Versioned("versions", "v1", "version");
    get(host.add(v1));
    CompletableFuture<JsonObject> running = send(TestHosts.call("version", new JsonObject().put("wait", true)));
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("v1 started"));

    Future<ToolHost.Refusal> replaced = host.replace(v1, new Versioned("versions", "v2", "version"));

    assertThat(output(call("version"))).isEqualTo("v2");
    assertThat(replaced.isComplete()).as("the old version is not stopped while its call runs").isFalse();
    assertThat(events).doesNotContain("v1 stopped");
    gate.complete();
    assertThat(output(running.get(10, TimeUnit.SECONDS))).isEqualTo("v1");
    assertThat(get(replaced)).isNull();
    assertThat(events).containsSubsequence("v1 started", "v1 ended", "v1 stopped");
  }

  @Test
  @DisplayName("lets a running call end when its plugin is removed, and answers UNKNOWN_TOOL to the calls that had not started")
  void removeWhileRunning() throws Exception {
    Versioned v1 = new Versioned("versions", "v1", "version", "hold");
    get(host.add(v1));
    // The second call writes what the first holds, so it waits for it: planned, not started.
    CompletableFuture<JsonObject> batch = send(TestHosts.batch(
      TestHosts.call("hold", new JsonObject().put("wait", true)), TestHosts.call("version", new JsonObject())));
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("v1 started"));

    Future<Void> removed = host.remove(v1);
    gate.complete();

    JsonArray results = batch.get(10, TimeUnit.SECONDS).getJsonArray("results");
    assertThat(results.getJsonObject(0).getJsonObject("output").getString("text")).isEqualTo("v1");
    assertThat(results.getJsonObject(1).getJsonObject("error")).isEqualTo(new JsonObject().put("code", "UNKNOWN_TOOL")
      .put("message", "The tool 'version' was unloaded (its plugin was removed) before this call started. Known tools: base_tool."));
    get(removed);
    assertThat(events).containsExactly("v1 started", "v1 ended", "v1 stopped");
  }

  @Test
  @DisplayName("runs a call planned for the old version but not yet started on the new one: no call finds neither")
  void plannedOnOldRunsOnNew() throws Exception {
    Versioned v1 = new Versioned("versions", "v1", "version");
    CompletableFuture<JsonObject> batch = versionBehindAHold(v1);

    Future<ToolHost.Refusal> replaced = host.replace(v1, new Versioned("versions", "v2", "version"));
    get(replaced);
    gate.complete();

    JsonArray results = batch.get(10, TimeUnit.SECONDS).getJsonArray("results");
    assertThat(results.getJsonObject(1).getJsonObject("output").getString("text")).isEqualTo("v2");
    assertThat(events).contains("v1 stopped").doesNotContain("v1 started");
  }

  @Test
  @DisplayName("refuses a call planned for a tool whose new version is of another kind, asking for it again")
  void kindChanged() throws Exception {
    Versioned v1 = new Versioned("versions", "v1", "version");
    CompletableFuture<JsonObject> batch = versionBehindAHold(v1);

    get(host.replace(v1, new Versioned("versions", "v2", ToolKind.EXECUTE, "version")));
    gate.complete();

    JsonObject error = batch.get(10, TimeUnit.SECONDS).getJsonArray("results").getJsonObject(1).getJsonObject("error");
    assertThat(error).isEqualTo(new JsonObject().put("code", "UNKNOWN_TOOL").put("message", "The tool 'version' was "
      + "replaced, while this call waited, by a version that is EXECUTE rather than WRITE, so the call's place in the "
      + "order no longer holds. Send it again."));
  }

  @Test
  @DisplayName("takes the old version away when the new one is refused, and serves a built-in tool again once its overrider goes")
  void refusedReplacementAndOverride() throws Exception {
    JsonObject config = new JsonObject().put("plugins", new JsonObject().put("allowOverride", true));
    get(host.close());
    host = get(TestHosts.start(vertx, root, new HostOptions(), config, new Versioned("builtin", "v0", "base_tool")));
    Versioned overrider = new Versioned("versions", "v1", "base_tool", "version");
    get(host.add(overrider));
    assertThat(output(call("base_tool"))).isEqualTo("v1");

    Versioned broken = new Versioned("versions", "v2", "version", "Bad-Name");
    ToolHost.Refusal refusal = get(host.replace(overrider, broken));

    assertThat(refusal.reason()).isEqualTo("it gave a tool with an invalid name ('Bad-Name'); a name is 1 to 64 lower "
      + "case letters, digits and _, starting with a letter");
    assertThat(host.refused()).containsKey(broken);
    assertThat(output(call("base_tool"))).isEqualTo("v0");
    assertThat(call("version").getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_TOOL");
    assertThat(events).contains("v1 stopped");
  }

  @Test
  @DisplayName("serves another plugin while one plugin's tools() is still working")
  void slowToolsHoldsNoOneBack() throws Exception {
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Versioned slow = new Versioned("slow", "s", "slow_tool") {
      @Override
      public List<Tool> tools(ToolContext context) {
        inside.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.tools(context);
      }
    };
    CompletableFuture<ToolHost.Refusal> slowAdded = CompletableFuture.supplyAsync(() -> {
      try {
        return get(host.add(slow));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(get(host.add(new Versioned("versions", "v1", "version")))).isNull();
    assertThat(output(call("version"))).isEqualTo("v1");
    assertThat(slowAdded).isNotDone();
    release.countDown();
    assertThat(slowAdded.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(output(call("slow_tool"))).isEqualTo("s");
  }

  @Test
  @DisplayName("moves each tool to its new plugin in one step when a jar's plugins are renamed or a tool changes plugin")
  void renamedAndMoved() throws Exception {
    Versioned alpha = new Versioned("alpha", "a1", "first_tool", "moving_tool");
    Versioned beta = new Versioned("beta", "b1", "third_tool");
    get(host.add(alpha));
    get(host.add(beta));

    Versioned renamed = new Versioned("alpha-renamed", "a2", "first_tool");
    Versioned betaTwo = new Versioned("beta", "b2", "third_tool", "moving_tool");
    ToolHost.Change change = host.replace(List.of(beta, alpha), List.of(betaTwo, renamed));

    assertThat(get(change.served())).isEmpty();
    get(change.retired());
    assertThat(output(call("first_tool"))).isEqualTo("a2");
    assertThat(output(call("moving_tool"))).isEqualTo("b2");
    assertThat(output(call("third_tool"))).isEqualTo("b2");
    assertThat(host.registry().get("moving_tool").plugin()).isEqualTo("beta");
    assertThat(events).contains("a1 stopped", "b1 stopped");
  }

  @Test
  @DisplayName("asks a tool for its name, kind and schema once: getters that fail later break no listing and no call")
  void gettersAskedOnce() throws Exception {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    Versioned flaky = new Versioned("flaky", "f1", "flaky_tool") {
      @Override
      public List<Tool> tools(ToolContext context) {
        Tool tool = super.tools(context).get(0);
        return List.of(new Tool() {
          @Override
          public ToolSpec spec() {
            throw new UnsupportedOperationException();
          }

          @Override
          public String name() {
            if (asked.incrementAndGet() > 1) {
              throw new IllegalStateException("asked again");
            }
            return tool.name();
          }

          @Override
          public ToolKind kind() {
            return tool.kind();
          }

          @Override
          public String description() {
            return tool.description();
          }

          @Override
          public JsonObject schema() {
            return tool.schema();
          }

          @Override
          public Footprint footprint(JsonObject args) {
            return tool.footprint(args);
          }

          @Override
          public Future<JsonObject> execute(ToolCall call) {
            return tool.execute(call);
          }
        });
      }
    };
    assertThat(get(host.add(flaky))).isNull();

    assertThat(output(call("flaky_tool"))).isEqualTo("f1");
    JsonObject tools = get(vertx.eventBus().<JsonObject>request(Addresses.TOOLS, new JsonObject()).map(reply -> reply.body()));
    assertThat(tools.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name"))).contains("flaky_tool", "base_tool");
    assertThat(call("missing").getJsonObject("error").getString("message"))
      .isEqualTo("There is no tool named 'missing'. Known tools: base_tool, flaky_tool.");
    assertThat(asked).hasValue(1);
  }

  @Test
  @DisplayName("with plugins.unloadGraceMs 0, still stops a removed plugin")
  void noGrace() throws Exception {
    get(host.close());
    host = get(TestHosts.start(vertx, root, new HostOptions(), new JsonObject().put("plugins", new JsonObject().put("unloadGraceMs", 0))));
    events.clear();
    Versioned v1 = new Versioned("versions", "v1", "version");
    get(host.add(v1));

    get(host.remove(v1));

    assertThat(events).containsExactly("v1 stopped");
  }

  /** Serves v1 beside a plugin whose tool holds the path every tool here writes, and sends a batch whose
   *  second call, to v1's tool, waits behind the first until the gate opens. */
  private CompletableFuture<JsonObject> versionBehindAHold(Versioned v1) throws Exception {
    get(host.add(new Versioned("holder", "h", "hold")));
    get(host.add(v1));
    CompletableFuture<JsonObject> batch = send(TestHosts.batch(
      TestHosts.call("hold", new JsonObject().put("wait", true)), TestHosts.call("version", new JsonObject())));
    await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("h started"));
    return batch;
  }

  private JsonObject call(String tool) throws Exception {
    return send(TestHosts.call(tool, new JsonObject())).get(10, TimeUnit.SECONDS);
  }

  private CompletableFuture<JsonObject> send(JsonObject request) {
    String address = request.containsKey("calls") ? Addresses.BATCH : Addresses.CALL;
    return vertx.eventBus().<JsonObject>request(address, request).map(reply -> reply.body()).toCompletionStage().toCompletableFuture();
  }

  private JsonObject direct(String tool) throws Exception {
    return get(vertx.eventBus().<JsonObject>request(Addresses.tool(tool), new JsonObject()).map(reply -> reply.body()));
  }

  private static String output(JsonObject reply) {
    return reply.getJsonObject("output").getString("text");
  }

  private static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** A plugin whose tools answer its version; a call with {@code wait} waits for the test's gate. */
  private class Versioned implements ToolPlugin {
    private final String name;
    private final String version;
    private final ToolKind kind;
    private final List<String> tools;

    Versioned(String name, String version, String... tools) {
      this(name, version, ToolKind.WRITE, tools);
    }

    Versioned(String name, String version, ToolKind kind, String... tools) {
      this.name = name;
      this.version = version;
      this.kind = kind;
      this.tools = List.of(tools);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<Tool> tools(ToolContext context) {
      return tools.stream().<Tool>map(VersionTool::new).toList();
    }

    @Override
    public void stop() {
      events.add(version + " stopped");
    }

    /** Every tool of it writes the one path "x", so that a second call waits for the first. */
    private final class VersionTool implements Tool {
      private final String tool;

      VersionTool(String tool) {
        this.tool = tool;
      }

      @Override
      public ToolSpec spec() {
        return new ToolSpec(tool, kind, description(), schema());
      }

      @Override
      public String name() {
        return tool;
      }

      @Override
      public ToolKind kind() {
        return kind;
      }

      @Override
      public String description() {
        return "answers " + version;
      }

      @Override
      public JsonObject schema() {
        return new JsonObject().put("type", "object").put("properties", new JsonObject()
          .put("wait", new JsonObject().put("type", "boolean")));
      }

      @Override
      public Footprint footprint(JsonObject args) {
        return Footprint.write("x");
      }

      @Override
      public Future<JsonObject> execute(ToolCall call) {
        JsonObject answer = new JsonObject().put("text", version);
        if (!call.args().getBoolean("wait", false)) {
          return Future.succeededFuture(answer);
        }
        events.add(version + " started");
        return gate.future().map(done -> {
          events.add(version + " ended");
          return answer;
        });
      }
    }
  }
}
