package dev.tunacode.host.plugin;

import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.testing.SamplePlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Two plugin jars that offer the same tool")
class PluginConflictTest {

  @TempDir
  Path workspace;

  @Test
  @DisplayName("the first loaded keeps it; the second is failed, naming both jars, and serves none of its tools")
  void firstWins() throws Exception {
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(ExamplePluginTest.EXAMPLE_JAR, plugins.resolve("a-examples.jar"));
    Files.copy(ExamplePluginTest.EXAMPLE_JAR, plugins.resolve("b-examples.jar"));

    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject())) {
      JsonArray listed = runtime.health().getJsonArray("plugins");

      assertThat(listed).hasSize(3);
      JsonObject first = listed.getJsonObject(1);
      JsonObject second = listed.getJsonObject(2);
      assertThat(first.getString("state")).isEqualTo("loaded");
      assertThat(first.getJsonArray("tools")).isEqualTo(new JsonArray(List.of("echo", "sleep", "touch_marker")));
      assertThat(second.getString("source")).isEqualTo(plugins.resolve("b-examples.jar").toString());
      assertThat(second.getString("state")).isEqualTo("failed");
      // The first of its tools, in the order the plugin gives them, that is taken.
      assertThat(second.getString("error")).isEqualTo("its tool 'sleep' is already given by plugin 'examples' (in "
        + plugins.resolve("a-examples.jar") + ")");
      assertThat(second.getJsonArray("tools")).isEmpty();
    }
  }

  @Test
  @DisplayName("a second plugin of the same name, with other tools, is failed too, naming the first one's jar")
  void sameName() throws Exception {
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    new SamplePlugins("same.a", "greeter").answering("greet_a", "a").build(plugins.resolve("a.jar"));
    new SamplePlugins("same.b", "greeter").answering("greet_b", "b").build(plugins.resolve("b.jar"));

    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject())) {
      JsonArray listed = runtime.health().getJsonArray("plugins");

      assertThat(listed.getJsonObject(1).getJsonArray("tools")).isEqualTo(new JsonArray(List.of("greet_a")));
      assertThat(listed.getJsonObject(2).getString("state")).isEqualTo("failed");
      assertThat(listed.getJsonObject(2).getString("error")).isEqualTo("another plugin named 'greeter' is already loaded (in "
        + plugins.resolve("a.jar") + ")");
      assertThat(runtime.host().registry().get("greet_b")).isNull();
    }
  }
}
