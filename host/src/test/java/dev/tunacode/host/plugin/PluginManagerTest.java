package dev.tunacode.host.plugin;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The plugin manager")
class PluginManagerTest {

  @TempDir
  Path folder;

  @Test
  @DisplayName("finds the built-in tools on the class path even with no plugin folder")
  void builtinOnly() {
    List<LoadedPlugin> plugins = PluginManager.load(List.of(folder.resolve("missing")));

    assertThat(plugins).hasSize(1);
    assertThat(plugins.get(0).displayName()).isEqualTo("builtin");
    assertThat(plugins.get(0).source()).isNull();
  }

  @Test
  @DisplayName("reports a jar without a ToolPlugin service and a file that is not a jar, and still loads the others")
  void brokenJars() throws Exception {
    try (JarOutputStream empty = new JarOutputStream(Files.newOutputStream(folder.resolve("a-empty.jar")))) {
      empty.flush();
    }
    Files.writeString(folder.resolve("b-garbage.jar"), "not a zip");
    Files.copy(ExamplePluginTest.EXAMPLE_JAR, folder.resolve("c-examples.jar"));
    Files.writeString(folder.resolve("notes.txt"), "ignored: not a jar name");

    List<LoadedPlugin> plugins = PluginManager.load(List.of(folder));

    assertThat(plugins.stream().map(LoadedPlugin::displayName))
      .containsExactly("builtin", "a-empty.jar", "b-garbage.jar", "examples");
    assertThat(plugins.get(1).error()).isEqualTo("no ToolPlugin named in META-INF/services/dev.tunacode.core.spi.ToolPlugin");
    assertThat(plugins.get(2).error()).isNotNull();
    assertThat(plugins.get(3).error()).isNull();
  }
}
