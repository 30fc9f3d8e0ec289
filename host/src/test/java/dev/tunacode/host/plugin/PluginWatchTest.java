package dev.tunacode.host.plugin;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.testing.SamplePlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("The plugins folder of a running host")
class PluginWatchTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir
  Path workspace;
  @TempDir
  Path builds;
  private Path plugins;
  private HostRuntime runtime;

  private void start(long settleMs) throws Exception {
    plugins = Files.createDirectories(workspace.resolve("plugins"));
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject()
      .put("plugins", new JsonObject().put("settleMs", settleMs)));
    assertThat(runtime.watchPlugins(true)).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  @DisplayName("serves the example jar's tools once it is copied in, and answers UNKNOWN_TOOL once it is removed")
  void comeAndGo() throws Exception {
    start(100);
    Files.copy(ExamplePluginTest.EXAMPLE_JAR, plugins.resolve("examples.jar"));

    await().atMost(PATIENCE).until(() -> "hi".equals(answer("echo", new JsonObject().put("text", "hi"))));
    JsonObject listed = listed("examples.jar");
    assertThat(listed.getString("state")).isEqualTo("loaded");
    assertThat(listed.getJsonArray("tools")).isEqualTo(new JsonArray(List.of("echo", "sleep", "touch_marker")));

    Files.delete(plugins.resolve("examples.jar"));

    await().atMost(PATIENCE).until(() -> "UNKNOWN_TOOL".equals(answer("echo", new JsonObject().put("text", "hi"))));
    assertThat(listed("examples.jar").getString("state")).isEqualTo("unloaded");
    assertThat(listed("examples.jar").getJsonArray("tools")).isEmpty();
    assertThat(listed("examples.jar").getString("unloadedAt")).isNotNull();
    assertThat(answer("read_file", new JsonObject().put("filepath", "missing.txt"))).isEqualTo("NOT_FOUND");
  }

  @Test
  @DisplayName("serves a rebuilt jar's new answers once it replaces the old, whether moved into place or written over it")
  void replaced() throws Exception {
    start(100);
    Path v1 = new SamplePlugins("replaced.v1", "greeter").answering("greet", "v1").build(builds.resolve("v1.jar"));
    Path v2 = new SamplePlugins("replaced.v2", "greeter").answering("greet", "v2").build(builds.resolve("v2.jar"));
    Path v3 = new SamplePlugins("replaced.v3", "greeter").answering("greet", "v3").build(builds.resolve("v3.jar"));
    Path target = plugins.resolve("greeter.jar");

    Files.copy(v1, target);
    await().atMost(PATIENCE).until(() -> "v1".equals(answer("greet", new JsonObject())));
    Files.copy(v2, plugins.resolve("greeter.jar.part"));
    Files.move(plugins.resolve("greeter.jar.part"), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(PATIENCE).until(() -> "v2".equals(answer("greet", new JsonObject())));
    Files.copy(v3, target, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(PATIENCE).until(() -> "v3".equals(answer("greet", new JsonObject())));

    assertThat(runtime.plugins().stream().filter(p -> "greeter".equals(p.name())).map(p -> p.unloadedAt() == null))
      .containsExactly(true);
  }

  @Test
  @DisplayName("serves a jar refused for a tool name another jar held once that other jar is gone")
  void takenNameFreed() throws Exception {
    start(100);
    Path first = new SamplePlugins("taken.a", "first").answering("greet", "from a").build(builds.resolve("a.jar"));
    Path second = new SamplePlugins("taken.b", "second").answering("greet", "from b").build(builds.resolve("b.jar"));
    Files.copy(first, plugins.resolve("a.jar"));
    await().atMost(PATIENCE).until(() -> "from a".equals(answer("greet", new JsonObject())));
    Files.copy(second, plugins.resolve("b.jar"));
    await().atMost(PATIENCE).until(() -> runtime.plugins().stream().anyMatch(p -> "second".equals(p.name())));
    await().atMost(PATIENCE).until(() -> "failed".equals(listed("b.jar").getString("state")));
    assertThat(listed("b.jar").getString("error")).isEqualTo("its tool 'greet' is already given by plugin 'first' (in "
      + plugins.resolve("a.jar") + ")");

    Files.delete(plugins.resolve("a.jar"));

    await().atMost(PATIENCE).until(() -> "from b".equals(answer("greet", new JsonObject())));
    assertThat(listed("b.jar").getString("state")).isEqualTo("loaded");
  }

  @Test
  @DisplayName("loads a jar written in pieces over a second once, whole, after its last piece")
  void slowCopy() throws Exception {
    start(1000);
    List<JsonObject> changes = new CopyOnWriteArrayList<>();
    runtime.vertx().eventBus().<JsonObject>consumer(Addresses.TOOLS_CHANGED, message -> changes.add(message.body()))
      .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    byte[] jar = Files.readAllBytes(ExamplePluginTest.EXAMPLE_JAR);

    try (FileChannel out = FileChannel.open(plugins.resolve("examples.jar"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      int pieces = 10;
      for (int i = 0; i < pieces; i++) {
        int from = jar.length * i / pieces;
        int to = jar.length * (i + 1) / pieces;
        out.write(ByteBuffer.wrap(jar, from, to - from));
        out.force(false);
        Thread.sleep(100);
      }
    }

    await().atMost(PATIENCE).until(() -> "hi".equals(answer("echo", new JsonObject().put("text", "hi"))));
    await().during(Duration.ofMillis(1500)).atMost(PATIENCE).until(() -> changes.size() == 1);
    JsonObject change = changes.get(0);
    assertThat(change.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")))
      .contains("echo", "sleep", "touch_marker", "read_file");
    JsonObject examples = change.getJsonArray("plugins").stream().map(JsonObject.class::cast)
      .filter(p -> p.getString("source").endsWith("examples.jar")).findFirst().orElseThrow();
    assertThat(examples.getString("state")).isEqualTo("loaded");
  }

  @Test
  @DisplayName("lets a call in flight end on the old code when its jar is replaced, or removed")
  void inFlight() throws Exception {
    start(100);
    Path v1 = new SamplePlugins("flight.v1", "greeter").answering("greet", "v1").build(builds.resolve("v1.jar"));
    Path v2 = new SamplePlugins("flight.v2", "greeter").answering("greet", "v2").build(builds.resolve("v2.jar"));
    Path target = plugins.resolve("greeter.jar");
    Files.copy(v1, target);
    await().atMost(PATIENCE).until(() -> "v1".equals(answer("greet", new JsonObject())));

    CompletableFuture<JsonObject> replacedMidway = send(new JsonObject().put("tool", "greet").put("args", new JsonObject().put("ms", 2000)));
    awaitRunning();
    Files.copy(v2, target, StandardCopyOption.REPLACE_EXISTING);
    await().atMost(PATIENCE).until(() -> "v2".equals(answer("greet", new JsonObject())));
    assertThat(replacedMidway.get(20, TimeUnit.SECONDS).getJsonObject("output").getString("text")).isEqualTo("v1");

    CompletableFuture<JsonObject> removedMidway = send(new JsonObject().put("tool", "greet").put("args", new JsonObject().put("ms", 2000)));
    awaitRunning();
    Files.delete(target);
    await().atMost(PATIENCE).until(() -> "UNKNOWN_TOOL".equals(answer("greet", new JsonObject())));
    assertThat(removedMidway.get(20, TimeUnit.SECONDS).getJsonObject("output").getString("text")).isEqualTo("v2");
  }

  // A request is on its way for a while before the scheduler starts it: the jar must change while it runs.
  private void awaitRunning() {
    await().atMost(PATIENCE).until(() -> runtime.metrics().tools().running("greet") == 1);
  }

  private JsonObject listed(String jar) {
    return runtime.health().getJsonArray("plugins").stream().map(JsonObject.class::cast)
      .filter(p -> p.getString("source").equals(plugins.resolve(jar).toString())).findFirst().orElseThrow();
  }

  private CompletableFuture<JsonObject> send(JsonObject call) {
    return runtime.vertx().eventBus().<JsonObject>request(Addresses.CALL, call).map(reply -> reply.body())
      .toCompletionStage().toCompletableFuture();
  }

  /** @return the call's text, or its error code */
  private String answer(String tool, JsonObject args) throws Exception {
    JsonObject result = send(new JsonObject().put("tool", tool).put("args", args)).get(20, TimeUnit.SECONDS);
    return result.getJsonObject("output") != null ? result.getJsonObject("output").getString("text")
      : result.getJsonObject("error").getString("code");
  }
}
