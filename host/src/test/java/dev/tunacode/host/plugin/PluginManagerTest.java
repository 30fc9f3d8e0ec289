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
    List<LoadedPlugin> plugins = load(List.of(folder.resolve("missing")));

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

    List<LoadedPlugin> plugins = load(List.of(folder));

    assertThat(plugins.stream().map(LoadedPlugin::displayName))
      .containsExactly("builtin", "a-empty.jar", "b-garbage.jar", "examples");
    assertThat(plugins.get(1).error()).isEqualTo("no ToolPlugin named in META-INF/services/dev.tunacode.core.spi.ToolPlugin");
    assertThat(plugins.get(2).error()).startsWith("it cannot be read as a jar: ");
    assertThat(plugins.get(3).error()).isNull();
  }

  @Test
  @DisplayName("reads Plugin-Id, Plugin-Version and Plugin-Requires, and refuses a jar that needs another SPI, saying which")
  void manifestVersions() throws Exception {
    withManifest("a-same.jar", "1.0", "2.3.0");
    withManifest("b-major-only.jar", "1", null);
    withManifest("c-next-major.jar", "2.0", null);
    withManifest("d-newer-minor.jar", "1.7", null);
    withManifest("e-nonsense.jar", "one", null);

    List<LoadedPlugin> plugins = load(List.of(folder));

    assertThat(plugins).hasSize(6);
    LoadedPlugin same = plugins.get(1);
    assertThat(same.error()).isNull();
    assertThat(same.manifest()).isEqualTo(new PluginManifest("examples", "2.3.0", "1.0"));
    assertThat(plugins.get(2).error()).isNull();
    assertThat(plugins.get(3).error()).isEqualTo("it needs SPI version 2.0, and this host offers 1.1. Rebuild it against "
      + "tunacode-core 1.1, or run a host that offers 2.0.");
    assertThat(plugins.get(3).plugin()).isNull();
    assertThat(plugins.get(4).error()).startsWith("it needs SPI version 1.7, and this host offers 1.1.");
    assertThat(plugins.get(5).error()).isEqualTo("its manifest's Plugin-Requires, 'one' is not a version such as 1.0. "
      + "Write the SPI version it was built for, such as Plugin-Requires: 1.1.");
  }

  private final List<PluginManager> managers = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void close() {
    managers.forEach(PluginManager::close);
  }

  private List<LoadedPlugin> load(List<Path> folders) {
    PluginManager manager = new PluginManager(folders);
    managers.add(manager);
    return manager.loadAll();
  }

  @Test
  @DisplayName("deletes the jar copies a killed host left, and keeps those of a host still running")
  void staleCopies() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Path left = Files.createTempDirectory(tmp, "tunacode-plugins-" + dead.pid() + "-");
    Files.writeString(left.resolve("1-examples.jar"), "a copy");
    Path alive = Files.createTempDirectory(tmp, "tunacode-plugins-" + ProcessHandle.current().pid() + "-");
    try {
      Files.copy(ExamplePluginTest.EXAMPLE_JAR, folder.resolve("examples.jar"));
      load(List.of(folder));

      assertThat(left).doesNotExist();
      assertThat(alive).exists();
    } finally {
      Files.deleteIfExists(alive);
    }
  }

  /** Copies the example jar under a manifest that names the plugin and the SPI version it needs. */
  private void withManifest(String name, String requires, String version) throws Exception {
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    java.util.jar.Attributes main = manifest.getMainAttributes();
    main.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Plugin-Id", "examples");
    main.putValue("Plugin-Requires", requires);
    if (version != null) {
      main.putValue("Plugin-Version", version);
    }
    try (java.util.zip.ZipFile source = new java.util.zip.ZipFile(ExamplePluginTest.EXAMPLE_JAR.toFile());
         JarOutputStream out = new JarOutputStream(Files.newOutputStream(folder.resolve(name)), manifest)) {
      for (java.util.zip.ZipEntry entry : java.util.Collections.list(source.entries())) {
        if (!entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
          out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
          source.getInputStream(entry).transferTo(out);
          out.closeEntry();
        }
      }
    }
  }
}
