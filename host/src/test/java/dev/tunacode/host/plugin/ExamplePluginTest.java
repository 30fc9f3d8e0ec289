package dev.tunacode.host.plugin;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.workspace.Workspace;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The example plugin, dropped into a plugins folder")
class ExamplePluginTest {

  static final Path EXAMPLE_JAR = Path.of(System.getProperty("tunacode.examplePluginJar"));

  @TempDir
  Path root;
  private ToolHost host;
  private List<LoadedPlugin> plugins;
  private PluginManager manager;

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    Path folder = Files.createDirectory(root.resolve("plugins"));
    Files.copy(EXAMPLE_JAR, folder.resolve("tunacode-example-tools.jar"));
    manager = new PluginManager(List.of(folder));
    plugins = manager.loadAll();
    List<ToolPlugin> loaded = plugins.stream().map(LoadedPlugin::plugin).toList();
    host = ToolHost.start(vertx, new Workspace(root), new HostOptions(), new JsonObject(), loaded)
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    manager.close();
  }

  @Test
  @DisplayName("is loaded with its own class loader, beside the built-in tools")
  void loadedInIsolation() {
    LoadedPlugin examples = plugins.stream().filter(p -> p.source() != null).findFirst().orElseThrow();

    assertThat(plugins.stream().map(LoadedPlugin::displayName)).containsExactly("builtin", "examples");
    assertThat(examples.error()).isNull();
    assertThat(examples.plugin().getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
    assertThat(examples.plugin().getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
    assertThat(host.registry().get("sleep").plugin()).isEqualTo("examples");
    assertThat(host.registry().get("echo").plugin()).isEqualTo("examples");
    assertThat(host.registry().get("touch_marker").plugin()).isEqualTo("examples");
  }

  @Test
  @DisplayName("runs three sleep 100 ms calls at once: all start before any ends")
  void sleepsOverlap(Vertx vertx) throws Exception {
    JsonObject sleep = new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 100));
    JsonArray results = batch(vertx, new JsonArray().add(sleep).add(sleep.copy()).add(sleep.copy())).getJsonArray("results");

    long lastStart = 0;
    long firstEnd = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      JsonObject output = results.getJsonObject(i).getJsonObject("output");
      assertThat(output.getString("text")).isEqualTo("slept 100 ms");
      lastStart = Math.max(lastStart, output.getLong("startNanos"));
      firstEnd = Math.min(firstEnd, output.getLong("endNanos"));
    }
    assertThat(lastStart).isLessThan(firstEnd);
  }

  @Test
  @DisplayName("orders touch_marker writes to one file and echoes its arguments")
  void markersAndEcho(Vertx vertx) throws Exception {
    JsonObject touch = new JsonObject().put("tool", "touch_marker").put("args", new JsonObject().put("path", "marks/m.txt"));
    JsonObject echo = new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "hi").put("n", 3));
    JsonArray results = batch(vertx, new JsonArray().add(touch).add(touch.copy()).add(echo)).getJsonArray("results");

    long first = results.getJsonObject(0).getJsonObject("output").getLong("nanos");
    long second = results.getJsonObject(1).getJsonObject("output").getLong("nanos");
    assertThat(second).isGreaterThan(first);
    assertThat(Files.readString(root.resolve("marks/m.txt"))).endsWith(" " + second + "\n");
    assertThat(results.getJsonObject(2).getJsonObject("output"))
      .isEqualTo(new JsonObject().put("text", "hi").put("args", new JsonObject().put("text", "hi").put("n", 3)));
  }

  @Test
  @DisplayName("stops a sleep when it is cancelled, and ends with its own CANCELLED, not the host's answer for a tool that did not stop")
  void sleepHonoursCancel(Vertx vertx) throws Exception {
    JsonObject sleep = new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 600_000));
    JsonObject touch = new JsonObject().put("tool", "touch_marker").put("args", new JsonObject().put("path", "nap.txt"));
    var reply = vertx.eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("session", "nap")
      .put("calls", new JsonArray().add(touch).add(sleep)), new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(30_000));
    // The marker is written by the call that starts beside the sleep: once it is there, the sleep has started too.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> Files.exists(root.resolve("nap.txt")));
    JsonObject cancelled = vertx.eventBus().<JsonObject>request(Addresses.CANCEL, new JsonObject().put("session", "nap"))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    assertThat(cancelled.getInteger("cancelled")).isEqualTo(1);

    JsonObject result = reply.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body()
      .getJsonArray("results").getJsonObject(1);
    assertThat(result.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "CANCELLED")
      .put("message", "The call was cancelled before it finished."));
  }

  private static JsonObject batch(Vertx vertx, JsonArray calls) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("calls", calls))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
  }
}
