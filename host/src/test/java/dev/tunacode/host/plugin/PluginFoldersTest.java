package dev.tunacode.host.plugin;

import dev.tunacode.host.runtime.HostRuntime;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("With commands off, the plugin folders")
class PluginFoldersTest {

  @TempDir
  Path workspace;
  @TempDir
  Path outside;

  @Test
  @DisplayName("inside the workspace are not read, even reached through a link from outside, nor are jars linked into it; "
    + "those outside are")
  void insideNotRead() throws Exception {
    Path inside = Files.createDirectories(workspace.resolve("plugins"));
    Files.copy(ExamplePluginTest.EXAMPLE_JAR, inside.resolve("examples.jar"));
    Path linked = Files.createSymbolicLink(outside.resolve("link-into-workspace"), inside);
    Path elsewhere = Files.createDirectories(outside.resolve("plugins"));
    JsonObject commandsOff = new JsonObject().put("tools", new JsonObject().put("execute", new JsonObject().put("enabled", false)));

    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(inside, linked, elsewhere), commandsOff)) {
      assertThat(runtime.pluginFolders()).containsExactly(elsewhere);
      assertThat(runtime.host().registry().get("echo")).isNull();
    }
    Files.move(inside.resolve("examples.jar"), elsewhere.resolve("examples.jar"));
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(inside, elsewhere), commandsOff)) {
      assertThat(runtime.host().registry().get("echo").plugin()).isEqualTo("examples");
    }
    Path built = Files.createDirectories(workspace.resolve("build"));
    Files.move(elsewhere.resolve("examples.jar"), built.resolve("examples.jar"));
    Files.createSymbolicLink(elsewhere.resolve("examples.jar"), built.resolve("examples.jar"));
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(elsewhere), commandsOff)) {
      assertThat(runtime.host().registry().get("echo")).as("a jar linked into the workspace is not read either").isNull();
    }
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(inside, elsewhere), new JsonObject())) {
      assertThat(runtime.pluginFolders()).as("with commands on, a client can run code anyway").containsExactly(inside, elsewhere);
    }
  }
}
