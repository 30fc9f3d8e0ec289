package dev.tunacode.host.plugin;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.spi.SpiVersion;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.testing.PluginJars;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

@DisplayName("The plugin guide, docs/plugins.md")
class PluginGuideTest {

  /** Maven runs the host's tests in the host module's folder; the guide is in the repository's docs. */
  private static final Path GUIDE = Path.of("..", "docs", "plugins.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("^```java[ \\t]*\\n(.*?)^```[ \\t]*$",
    Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
    "^public\\s+(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  /** What a plugin's class loader lets it reach; see "What a plugin is, and what it sees". */
  private static final List<String> VISIBLE = List.of("java.", "dev.tunacode.core.spi.", "io.vertx.", "io.netty.",
    "com.fasterxml.jackson.", "org.slf4j.");
  /** The section 3 plugin: the guide's classes of this package, less its test. */
  private static final String MINIMAL_PACKAGE = "com.example.wordcount";
  private static final String NOTES = "the quick brown fox";
  private static final String ANSWER = "notes.txt: 4 words";
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir
  Path workspace;
  @TempDir
  Path builds;
  private HostRuntime runtime;

  /** A java block of the guide: its source and the class it declares. */
  private record Sample(String className, String source) {

    String packageName() {
      return className.substring(0, className.lastIndexOf('.'));
    }

    boolean isTest() {
      return className.endsWith("Test");
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  @DisplayName("names every part of the SPI and of loading an author needs, so that no section goes missing unseen")
  void mentionsEverySection() throws Exception {
    assertThat(guide()).contains("ToolSpec", "ArgsSchema", "footprint", "context.io()", "cancellation()", "progress()",
      "ToolException", "vertx-junit5", "Plugin-Requires", "plugins.watch", "unloaded", "tunacode.tools.changed");
  }

  @Test
  @DisplayName("holds java samples that are each a whole file in a package of their own, and all compile together")
  void samplesCompile() throws Exception {
    List<Sample> samples = samples();
    // One file per class name: a second block declaring the same class would silently replace the first.
    assertThat(samples).extracting(Sample::className).doesNotHaveDuplicates()
      .allSatisfy(name -> assertThat(name).startsWith("com.example."));

    PluginJars all = new PluginJars();
    samples.forEach(sample -> all.source(sample.source()));
    compile(all, builds.resolve("all-samples.jar"));
  }

  @Test
  @DisplayName("imports in its plugin samples only what a plugin can see: the JDK, the SPI, Vert.x, Netty, Jackson and SLF4J")
  void pluginSamplesImportOnlyTheHostApi() throws Exception {
    for (Sample sample : samples()) {
      if (sample.isTest()) {
        continue;
      }
      Matcher imported = IMPORT.matcher(sample.source());
      while (imported.find()) {
        String name = imported.group(1);
        assertThat(VISIBLE.stream().anyMatch(name::startsWith))
          .as("%s imports %s, which a plugin's class loader does not reach", sample.className(), name).isTrue();
      }
    }
  }

  @Test
  @DisplayName("gives a minimal plugin that, dropped into a running host's plugins folder, answers what the guide says")
  void minimalPluginAnswers() throws Exception {
    List<Sample> plugin = samples().stream().filter(s -> s.packageName().equals(MINIMAL_PACKAGE) && !s.isTest()).toList();
    String pluginClass = plugin.stream().filter(s -> s.source().contains("implements ToolPlugin")).map(Sample::className)
      .findFirst().orElseThrow(() -> new AssertionError("No sample of package " + MINIMAL_PACKAGE + " implements ToolPlugin"));
    PluginJars jar = new PluginJars().plugin(pluginClass).manifest("Plugin-Id", "wordcount").manifest("Plugin-Version", "1.0.0")
      .manifest("Plugin-Requires", SpiVersion.CURRENT);
    plugin.forEach(sample -> jar.source(sample.source()));
    Path built = compile(jar, builds.resolve("wordcount-tools.jar"));
    assertThat(guide()).as("the guide says what the minimal plugin answers").contains("`" + NOTES + "`", "`" + ANSWER + "`");

    Path plugins = Files.createDirectories(workspace.resolve("plugins"));
    Files.writeString(workspace.resolve("notes.txt"), NOTES);
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject().put("plugins", new JsonObject().put("settleMs", 100)));
    assertThat(runtime.watchPlugins(true)).isTrue();
    Path dropped = Files.copy(built, plugins.resolve("wordcount-tools.jar"));

    JsonObject listed = await().atMost(PATIENCE).until(() -> listed(dropped), Objects::nonNull);
    assertThat(listed.getString("state")).as("the plugin's status: %s", listed.encode()).isEqualTo("loaded");
    assertThat(listed.getJsonArray("tools")).isEqualTo(new JsonArray().add("word_count"));
    String answered = await().atMost(PATIENCE).until(() -> answer("word_count", new JsonObject().put("path", "notes.txt")),
      text -> !"UNKNOWN_TOOL".equals(text));
    assertThat(answered).isEqualTo(ANSWER);
  }

  private static String guide() throws Exception {
    assertThat(GUIDE).as("the guide, from the host module's folder %s", Path.of("").toAbsolutePath()).isRegularFile();
    return Files.readString(GUIDE);
  }

  private static List<Sample> samples() throws Exception {
    List<Sample> samples = new ArrayList<>();
    Matcher block = JAVA_BLOCK.matcher(guide());
    while (block.find()) {
      String source = block.group(1);
      Matcher pkg = PACKAGE.matcher(source);
      Matcher type = PUBLIC_TYPE.matcher(source);
      if (!pkg.find() || !type.find()) {
        fail("Java sample " + (samples.size() + 1) + " of " + GUIDE + " is not a whole file with a package line and a public "
          + "top-level type:\n" + source);
      }
      samples.add(new Sample(pkg.group(1) + "." + type.group(1), source));
    }
    if (samples.isEmpty()) {
      fail(GUIDE + " holds no ```java block; its samples are what this test compiles");
    }
    return samples;
  }

  private static Path compile(PluginJars sources, Path jar) throws Exception {
    try {
      return sources.build(jar);
    } catch (IllegalStateException e) {
      throw new AssertionError("The java samples of " + GUIDE + " do not compile (each block is one file, named after its "
        + "public type).\n" + e.getMessage(), e);
    }
  }

  private JsonObject listed(Path jar) {
    return runtime.health().getJsonArray("plugins").stream().map(JsonObject.class::cast)
      .filter(p -> p.getString("source").equals(jar.toString())).findFirst().orElse(null);
  }

  /** @return the call's text, or its error code */
  private String answer(String tool, JsonObject args) throws Exception {
    JsonObject result = runtime.vertx().eventBus().<JsonObject>request(Addresses.CALL, new JsonObject().put("tool", tool)
      .put("args", args)).map(reply -> reply.body()).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return result.getJsonObject("output") != null ? result.getJsonObject("output").getString("text")
      : result.getJsonObject("error").getString("code");
  }
}
