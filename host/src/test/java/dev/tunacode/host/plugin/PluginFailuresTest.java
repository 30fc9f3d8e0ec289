package dev.tunacode.host.plugin;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.testing.LoggedProblems;
import dev.tunacode.host.testing.PluginJars;
import dev.tunacode.host.testing.SamplePlugins;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("A plugin that fails")
class PluginFailuresTest {

  @RegisterExtension
  final LoggedProblems logged = new LoggedProblems();

  @TempDir
  Path workspace;
  @TempDir
  Path builds;
  private Path plugins;
  private HostRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    plugins = Files.createDirectories(workspace.resolve("plugins"));
    Files.copy(ExamplePluginTest.EXAMPLE_JAR, plugins.resolve("examples.jar"));
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject()
      .put("plugins", new JsonObject().put("settleMs", 100).put("blockedLoopMs", 300)));
    runtime.watchPlugins(true);
  }

  @AfterEach
  void stop() throws Exception {
    runtime.close();
  }

  @Test
  @DisplayName("in loading is listed failed with the jar and the cause, and every other tool still answers")
  void failedToLoad() throws Exception {
    Files.writeString(builds.resolve("corrupt.jar"), "this is not a zip");
    new PluginJars().file("META-INF/services/dev.tunacode.core.spi.ToolPlugin", "nowhere.Missing\n").build(builds.resolve("missing-class.jar"));
    new SamplePlugins("fail.dep", "dependency").answering("dep_tool", "x").build(builds.resolve("missing-dependency.jar"), "fail.dep.Tool0");
    new SamplePlugins("fail.tools", "thrower").toolsBody("throw new IllegalStateException(\"no tools today\");").build(builds.resolve("tools-throws.jar"));
    new SamplePlugins("fail.name", "badname").toolsBody("return java.util.List.of(new Named(context));")
      .source("package fail.name;\nimport dev.tunacode.core.spi.*;\nimport io.vertx.core.Future;\nimport io.vertx.core.json.JsonObject;\n"
        + "public final class Named implements Tool {\n"
        + "  private static final ToolSpec SPEC = new ToolSpec(\"Bad-Name\", ToolKind.READ_ONLY, \"bad\", ArgsSchema.object().build());\n"
        + "  public Named(ToolContext context) { }\n"
        + "  public ToolSpec spec() { return SPEC; }\n"
        + "  public Footprint footprint(JsonObject args) { return Footprint.none(); }\n"
        + "  public Future<JsonObject> execute(ToolCall call) { return Future.succeededFuture(new JsonObject()); }\n}\n")
      .build(builds.resolve("bad-name.jar"));
    new SamplePlugins("fail.schema", "badschema").toolsBody("return java.util.List.of(new Loose());")
      .source("package fail.schema;\nimport dev.tunacode.core.spi.*;\nimport io.vertx.core.Future;\nimport io.vertx.core.json.JsonObject;\n"
        + "public final class Loose implements Tool {\n"
        + "  public ToolSpec spec() { throw new UnsupportedOperationException(); }\n"
        + "  public String name() { return \"loose\"; }\n"
        + "  public ToolKind kind() { return ToolKind.READ_ONLY; }\n"
        + "  public String description() { return \"a schema written by hand, wrong\"; }\n"
        + "  public JsonObject schema() { return new JsonObject().put(\"type\", \"object\").put(\"properties\", "
        + "new JsonObject().put(\"path\", new JsonObject().put(\"type\", \"strin\"))); }\n"
        + "  public Footprint footprint(JsonObject args) { return Footprint.none(); }\n"
        + "  public Future<JsonObject> execute(ToolCall call) { return Future.succeededFuture(new JsonObject()); }\n}\n")
      .build(builds.resolve("bad-schema.jar"));
    for (String jar : List.of("corrupt.jar", "missing-class.jar", "missing-dependency.jar", "tools-throws.jar", "bad-name.jar", "bad-schema.jar")) {
      Files.copy(builds.resolve(jar), plugins.resolve(jar));
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> runtime.plugins().size() == 8);
    assertThat(error("corrupt.jar")).startsWith("it cannot be read as a jar: ");
    assertThat(error("missing-class.jar")).isEqualTo("java.util.ServiceConfigurationError: dev.tunacode.core.spi.ToolPlugin: "
      + "Provider nowhere.Missing not found");
    assertThat(error("missing-dependency.jar")).isEqualTo("its tools() failed: java.lang.NoClassDefFoundError: fail/dep/Tool0");
    assertThat(error("tools-throws.jar")).isEqualTo("its tools() failed: java.lang.IllegalStateException: no tools today");
    assertThat(error("bad-name.jar")).isEqualTo("its tools() failed: java.lang.IllegalArgumentException: Tool name 'Bad-Name' is "
      + "invalid; use 1 to 64 lower case letters, digits and _, starting with a letter, such as read_file.");
    assertThat(error("bad-schema.jar")).startsWith("its tool 'loose' has a schema the host cannot check arguments against: ");
    assertThat(error("bad-schema.jar")).contains("'strin'");
    assertThat(answer("echo", new JsonObject().put("text", "still here"))).isEqualTo("still here");
    assertThat(answer("read_file", new JsonObject().put("filepath", "missing.txt"))).isEqualTo("NOT_FOUND");
    assertThat(answer("loose", new JsonObject())).isEqualTo("UNKNOWN_TOOL");
  }

  @Test
  @DisplayName("in a call answers that call alone: a throw, a null future, no output, a future that never completes, a blocked loop")
  void failedInCalls() throws Exception {
    new SamplePlugins("fail.calls", "rogue")
      .tool("rogue_throws", "READ_ONLY", "throw new IllegalStateException(\"boom\");")
      .tool("rogue_null", "READ_ONLY", "return null;")
      .tool("rogue_empty", "READ_ONLY", "return Future.succeededFuture(null);")
      .tool("rogue_never", "READ_ONLY", "return io.vertx.core.Promise.<JsonObject>promise().future();")
      .tool("rogue_blocks", "READ_ONLY", "try { Thread.sleep(call.args().getLong(\"ms\")); } catch (InterruptedException e) { }\n"
        + "return Future.succeededFuture(new JsonObject().put(\"text\", \"woke\"));")
      .build(builds.resolve("rogue.jar"));
    Files.copy(builds.resolve("rogue.jar"), plugins.resolve("rogue.jar"));
    await().atMost(Duration.ofSeconds(20)).until(() -> runtime.host().registry().get("rogue_blocks") != null);

    assertThat(error(call("rogue_throws", new JsonObject()))).isEqualTo(new JsonObject().put("code", "INTERNAL").put("message",
      "The call to rogue_throws failed unexpectedly: java.lang.IllegalStateException: boom. This is a bug in the tool; try "
        + "another way to do the same thing."));
    assertThat(error(call("rogue_null", new JsonObject())).getString("message")).isEqualTo("The call to rogue_null failed "
      + "unexpectedly: java.lang.IllegalStateException: rogue_null.execute returned null instead of a Future. This is a bug in "
      + "the tool; try another way to do the same thing.");
    assertThat(error(call("rogue_empty", new JsonObject())).getString("code")).isEqualTo("INTERNAL");
    assertThat(error(call("rogue_never", new JsonObject().put("timeoutMs", 300))).getString("code")).isEqualTo("TIMEOUT");
    assertThat(answer("rogue_blocks", new JsonObject().put("ms", 700))).isEqualTo("woke");

    await().atMost(Duration.ofSeconds(10)).until(() -> logged.all().stream().anyMatch(line -> line.startsWith(
      "ERROR dev.tunacode.core.coordinator.LoopWatch: Plugin 'rogue' has held event loop thread ")));
    assertThat(logged.all()).anyMatch(line -> line.contains("in rogue_blocks.execute; a tool must not block"));
    JsonObject listed = listed("rogue.jar");
    assertThat(listed.getString("state")).isEqualTo("loaded");
    assertThat(listed.getLong("blockedEventLoop")).isEqualTo(1L);
    assertThat(answer("echo", new JsonObject().put("text", "still here"))).isEqualTo("still here");
  }

  @Test
  @DisplayName("that is slow in tools() or blocks in stop() holds back neither the status, nor other calls, nor the shared pool")
  void slowToolsAndStuckStop() throws Exception {
    Path root = workspace.toRealPath();
    String waitFor = "java.nio.file.Path release = java.nio.file.Path.of(\"" + root + "\").resolve(\"%s\");\n"
      + "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + root + "\").resolve(\"%s\"), \"in\");\n"
      + "  while (!java.nio.file.Files.exists(release)) { Thread.sleep(20); } } catch (Exception e) { throw new RuntimeException(e); }\n";
    new SamplePlugins("fail.slow", "slow").answering("slow_tool", "slow and sure")
      .toolsBody(String.format(waitFor, "release-tools", "tools-started") + "return java.util.List.of(new Tool0(context));")
      .build(builds.resolve("slow.jar"));
    Files.copy(builds.resolve("slow.jar"), plugins.resolve("slow.jar"));
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(workspace.resolve("tools-started")));

    JsonObject listed = runtime.vertx().eventBus().<JsonObject>request(Addresses.PLUGINS, new JsonObject()).map(r -> r.body())
      .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(listed.getJsonArray("plugins")).isNotEmpty();
    assertThat(runtime.health().getString("status")).isEqualTo("UP");
    assertThat(answer("echo", new JsonObject().put("text", "meanwhile"))).isEqualTo("meanwhile");
    Files.writeString(workspace.resolve("release-tools"), "go");
    await().atMost(Duration.ofSeconds(20)).until(() -> "slow and sure".equals(answer("slow_tool", new JsonObject())));
  }

  @Test
  @DisplayName("whose tools() never returns keeps no other jar from loading")
  void toolsNeverReturns() throws Exception {
    new SamplePlugins("fail.never", "never").answering("never_tool", "never")
      .toolsBody("try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException e) { }\n"
        + "return java.util.List.of();")
      .build(builds.resolve("a-never.jar"));
    new SamplePlugins("fail.after", "after").answering("after_tool", "loaded after all").build(builds.resolve("b-after.jar"));
    Files.copy(builds.resolve("a-never.jar"), plugins.resolve("a-never.jar"));
    Files.copy(builds.resolve("b-after.jar"), plugins.resolve("b-after.jar"));

    await().atMost(Duration.ofSeconds(30)).until(() -> "loaded after all".equals(answer("after_tool", new JsonObject())));
    assertThat(logged.all()).anyMatch(line -> line.startsWith("ERROR dev.tunacode.host.plugin.PluginManager: Plugin jar "
      + plugins.resolve("a-never.jar") + " has not finished loading after 10 s"));
    assertThat(answer("echo", new JsonObject().put("text", "still here"))).isEqualTo("still here");
  }

  @Test
  @DisplayName("whose stop() never returns, unloaded again and again, leaves the shared pool to the tools")
  void stuckStop() throws Exception {
    runtime.close();
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject().put("io", new JsonObject().put("poolSize", 2))
      .put("plugins", new JsonObject().put("settleMs", 100)));
    runtime.watchPlugins(true);
    Files.writeString(workspace.resolve("a.txt"), "alpha");
    for (int round = 0; round < 4; round++) {
      new SamplePlugins("fail.stop" + round, "stuck").answering("stuck_tool", "round " + round)
        .stopBody("try { new java.util.concurrent.CountDownLatch(1).await(); } catch (InterruptedException e) { }")
        .build(builds.resolve("stuck" + round + ".jar"));
    }
    // Each round's plugin blocks in stop() for ever; four rounds outnumber the pool's two threads.
    for (int round = 0; round < 4; round++) {
      Files.copy(builds.resolve("stuck" + round + ".jar"), plugins.resolve("stuck.jar.part"));
      Files.move(plugins.resolve("stuck.jar.part"), plugins.resolve("stuck.jar"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String expected = "round " + round;
      await().atMost(Duration.ofSeconds(20)).until(() -> expected.equals(answer("stuck_tool", new JsonObject())));
    }
    Files.delete(plugins.resolve("stuck.jar"));
    await().atMost(Duration.ofSeconds(20)).until(() -> "UNKNOWN_TOOL".equals(answer("stuck_tool", new JsonObject())));

    assertThat(answer("read_file", new JsonObject().put("filepath", "a.txt"))).contains("alpha");
  }

  private String error(String jar) {
    return listed(jar).getString("error");
  }

  private JsonObject listed(String jar) {
    return runtime.health().getJsonArray("plugins").stream().map(JsonObject.class::cast)
      .filter(p -> p.getString("source").equals(plugins.resolve(jar).toString())).findFirst().orElseThrow();
  }

  private static JsonObject error(JsonObject result) {
    return result.getJsonObject("error");
  }

  private JsonObject call(String tool, JsonObject request) throws Exception {
    JsonObject call = request.copy().put("tool", tool);
    if (!call.containsKey("args")) {
      call.put("args", new JsonObject());
    }
    return runtime.vertx().eventBus().<JsonObject>request(Addresses.CALL, call).map(reply -> reply.body())
      .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** @return the call's text, or its error code */
  private String answer(String tool, JsonObject args) throws Exception {
    JsonObject result = call(tool, new JsonObject().put("args", args));
    return result.getJsonObject("output") != null ? result.getJsonObject("output").getString("text")
      : result.getJsonObject("error").getString("code");
  }
}
