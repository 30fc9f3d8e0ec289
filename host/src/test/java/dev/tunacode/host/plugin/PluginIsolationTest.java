package dev.tunacode.host.plugin;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.testing.SamplePlugins;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A plugin's class loader")
class PluginIsolationTest {

  @TempDir
  Path workspace;

  private static final String PROBE = """
    StringBuilder seen = new StringBuilder();
    for (String name : new String[] {"dev.tunacode.core.spi.ToolSpec", "io.vertx.core.Vertx", "com.fasterxml.jackson.databind.ObjectMapper",
        "org.slf4j.Logger", "java.util.List", "dev.tunacode.core.ToolHost", "dev.tunacode.core.workspace.Workspace",
        "dev.tunacode.core.coordinator.Scheduler", "dev.tunacode.host.runtime.HostRuntime", "dev.tunacode.tools.builtin.BuiltinPlugin",
        "picocli.CommandLine", "ch.qos.logback.classic.Logger"}) {
      try {
        Class<?> found = Class.forName(name, false, getClass().getClassLoader());
        seen.append(name).append(found.getClassLoader() == getClass().getClassLoader() ? " mine" : " host").append('\\n');
      } catch (ClassNotFoundException e) {
        seen.append(name).append(" ClassNotFoundException\\n");
      }
    }
    return Future.succeededFuture(new JsonObject().put("text", seen.toString()));
    """;

  private static String library(String version) {
    return "package shared.lib;\npublic final class Greeting {\n"
      + "  public static String version() { return String.valueOf(\"" + version + "\".toCharArray()); }\n}\n";
  }

  @Test
  @DisplayName("gives two plugins bundling two versions of one library each its own, and reaches only the SPI, Vert.x, Netty, "
    + "Jackson and SLF4J of the host")
  void isolated() throws Exception {
    Path plugins = Files.createDirectories(workspace.resolve("plugins"));
    new SamplePlugins("iso.a", "lib-one").source(library("1.0"))
      .tool("lib_one", "READ_ONLY", "return Future.succeededFuture(new JsonObject().put(\"text\", shared.lib.Greeting.version()));")
      .tool("reach", "READ_ONLY", PROBE)
      .build(plugins.resolve("a.jar"));
    new SamplePlugins("iso.b", "lib-two").source(library("2.0"))
      .tool("lib_two", "READ_ONLY", "return Future.succeededFuture(new JsonObject().put(\"text\", shared.lib.Greeting.version()));")
      .build(plugins.resolve("b.jar"));

    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject())) {
      assertThat(text(runtime, "lib_one")).isEqualTo("1.0");
      assertThat(text(runtime, "lib_two")).isEqualTo("2.0");
      assertThat(text(runtime, "reach")).isEqualTo("""
        dev.tunacode.core.spi.ToolSpec host
        io.vertx.core.Vertx host
        com.fasterxml.jackson.databind.ObjectMapper host
        org.slf4j.Logger host
        java.util.List host
        dev.tunacode.core.ToolHost ClassNotFoundException
        dev.tunacode.core.workspace.Workspace ClassNotFoundException
        dev.tunacode.core.coordinator.Scheduler ClassNotFoundException
        dev.tunacode.host.runtime.HostRuntime ClassNotFoundException
        dev.tunacode.tools.builtin.BuiltinPlugin ClassNotFoundException
        picocli.CommandLine ClassNotFoundException
        ch.qos.logback.classic.Logger ClassNotFoundException
        """);
    }
  }

  private static String text(HostRuntime runtime, String tool) throws Exception {
    JsonObject result = runtime.vertx().eventBus().<JsonObject>request(Addresses.CALL,
        new JsonObject().put("tool", tool).put("args", new JsonObject())).map(reply -> reply.body())
      .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return result.getJsonObject("output").getString("text");
  }
}
