package dev.tunacode.host.plugin;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.workspace.Workspace;
import dev.tunacode.host.testing.SamplePlugins;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("A plugin jar loaded and unloaded 50 times")
class PluginLeakTest {

  private static final int ROUNDS = 50;

  @TempDir
  Path workspace;

  @Test
  @DisplayName("leaves no class loader reachable and no file descriptor on the jar or its copies")
  void noLeaks() throws Exception {
    Path plugins = Files.createDirectories(workspace.resolve("plugins"));
    Path jar = plugins.resolve("examples.jar");
    Vertx vertx = Vertx.vertx();
    PluginManager manager = new PluginManager(List.of(plugins));
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    try {
      ToolHost host = ToolHost.start(vertx, new Workspace(workspace), new HostOptions(), new JsonObject(),
        manager.loadAll().stream().map(LoadedPlugin::plugin).toList()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      manager.watch(host, 50);
      for (int round = 0; round < ROUNDS; round++) {
        Files.copy(ExamplePluginTest.EXAMPLE_JAR, jar);
        await().atMost(Duration.ofSeconds(20)).until(() -> "ok".equals(echo(vertx)));
        LoadedPlugin loaded = manager.plugins().stream().filter(p -> p.plugin() != null && jar.equals(p.source())).findFirst().orElseThrow();
        loaders.add(new WeakReference<>(loaded.plugin().getClass().getClassLoader()));
        loaded = null;
        Files.delete(jar);
        await().atMost(Duration.ofSeconds(20)).until(() -> "UNKNOWN_TOOL".equals(echo(vertx)));
      }
      // The last round's loader closes once its plugin has stopped, a moment after its tools are gone.
      await().atMost(Duration.ofSeconds(20)).until(() -> openOn(jar, manager.copies()).isEmpty());
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        System.gc();
        return loaders.stream().allMatch(ref -> ref.get() == null);
      });
      assertThat(loaders).hasSize(ROUNDS);
      try (Stream<Path> copies = Files.list(manager.copies())) {
        assertThat(copies).isEmpty();
      }
      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      manager.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("hands a tool its jar's resources through connections that are not cached, and leaves no descriptor on the copy")
  void resourcesRead() throws Exception {
    // The JDK's default, which something on a class path may have turned off: a cached jar: connection
    // keeps its jar open after its stream is closed.
    java.net.URLConnection.setDefaultUseCaches("jar", true);
    Path plugins = Files.createDirectories(workspace.resolve("plugins"));
    Path builds = Files.createDirectories(workspace.resolve("builds"));
    Path jar = plugins.resolve("reader.jar");
    new SamplePlugins("leak.resources", "reader").file("data.txt", "from the jar")
      .tool("read_resource", "READ_ONLY", "try (java.io.InputStream byUrl = getClass().getClassLoader().getResource(\"data.txt\").openStream();\n"
        + "     java.io.InputStream byStream = getClass().getClassLoader().getResourceAsStream(\"data.txt\")) {\n"
        + "  String text = new String(byUrl.readAllBytes()) + \" / \" + new String(byStream.readAllBytes())\n"
        + "    + \" / cached: \" + getClass().getClassLoader().getResource(\"data.txt\").openConnection().getUseCaches();\n"
        + "  return Future.succeededFuture(new JsonObject().put(\"text\", text));\n"
        + "} catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }")
      .build(builds.resolve("reader.jar"));
    Vertx vertx = Vertx.vertx();
    PluginManager manager = new PluginManager(List.of(plugins));
    try {
      ToolHost host = ToolHost.start(vertx, new Workspace(workspace), new HostOptions(), new JsonObject(),
        manager.loadAll().stream().map(LoadedPlugin::plugin).toList()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      manager.watch(host, 50);
      Files.copy(builds.resolve("reader.jar"), jar);
      await().atMost(Duration.ofSeconds(20)).until(() -> "from the jar / from the jar / cached: false".equals(call(vertx, "read_resource")));
      Files.delete(jar);
      await().atMost(Duration.ofSeconds(20)).until(() -> "UNKNOWN_TOOL".equals(call(vertx, "read_resource")));

      await().atMost(Duration.ofSeconds(20)).until(() -> openOn(jar, manager.copies()).isEmpty());
      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      manager.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static String call(Vertx vertx, String tool) throws Exception {
    JsonObject result = vertx.eventBus().<JsonObject>request(Addresses.CALL, new JsonObject().put("tool", tool)
      .put("args", new JsonObject())).map(reply -> reply.body()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return result.getJsonObject("output") != null ? result.getJsonObject("output").getString("text")
      : result.getJsonObject("error").getString("code");
  }

  private static String echo(Vertx vertx) throws Exception {
    JsonObject result = vertx.eventBus().<JsonObject>request(Addresses.CALL, new JsonObject().put("tool", "echo")
      .put("args", new JsonObject().put("text", "ok"))).map(reply -> reply.body()).toCompletionStage().toCompletableFuture()
      .get(10, TimeUnit.SECONDS);
    return result.getJsonObject("output") != null ? result.getJsonObject("output").getString("text")
      : result.getJsonObject("error").getString("code");
  }

  /** @return what this process holds open on the jar or in the folder of copies, as /proc/self/fd tells */
  private static List<String> openOn(Path jar, Path copies) throws IOException {
    List<String> open = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(jar.toString()) || target.startsWith(copies.toString())) {
            open.add(target);
          }
        } catch (IOException gone) {
          // the descriptor closed while it was listed
        }
      }
    }
    return open;
  }
}
