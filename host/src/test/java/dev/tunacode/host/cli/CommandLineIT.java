package dev.tunacode.host.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The tunahost command line, run from the packaged jar")
class CommandLineIT {

  @TempDir
  Path workspace;

  @BeforeEach
  void dropInTheExamples() throws Exception {
    Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), workspace.resolve("plugins/examples.jar"));
  }

  @Nested
  @DisplayName("tools")
  class Tools {

    @Test
    @DisplayName("lists every tool with its kind and description, one a line")
    void lists() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "tools");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains(
        "echo          READ_ONLY  Returns its arguments: `text` as the text, and every argument under `args`.\n",
        "sleep         READ_ONLY  Waits the given milliseconds on the shared pool, to show which calls overlap.\n",
        "touch_marker  WRITE      Writes the time it ran into a file (created or replaced), to show the order of writes.\n");
      assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("prints the wire reply with --json")
    void json() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "tools", "--json");

      assertThat(run.exitCode()).isZero();
      assertThat(new io.vertx.core.json.JsonObject(run.out()).getJsonArray("tools").stream()
        .map(t -> ((io.vertx.core.json.JsonObject) t).getString("name"))).contains("echo", "sleep", "touch_marker");
    }
  }

  @Nested
  @DisplayName("plugins")
  class Plugins {

    @Test
    @DisplayName("lists each plugin with its state, version, source and tools")
    void lists() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "plugins");

      assertThat(run.exitCode()).isZero();
      List<String> lines = run.out().lines().toList();
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).isEqualTo(String.format("%-16s %-8s %-14s %s", "builtin", "loaded", "", "classpath"));
      assertThat(lines.get(1)).isEqualTo("  tools: bash, glob, grep, list_dir, read_file, run_command, update_file, write_file");
      assertThat(lines.get(2)).startsWith("examples         loaded  ").endsWith(" " + workspace.resolve("plugins/examples.jar"));
      assertThat(lines.get(3)).isEqualTo("  tools: echo, sleep, touch_marker");
    }

    @Test
    @DisplayName("lists a jar that failed with its reason, and exits 1; --json gives the wire reply")
    void failed() throws Exception {
      Files.writeString(workspace.resolve("plugins/broken.jar"), "not a zip");
      try {
        Cli.Run run = Cli.run(workspace, null, "plugins");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("broken.jar       failed ", "\n  it cannot be read as a jar: ");

        Cli.Run json = Cli.run(workspace, null, "plugins", "--json");
        io.vertx.core.json.JsonObject broken = new io.vertx.core.json.JsonObject(json.out()).getJsonArray("plugins").stream()
          .map(p -> (io.vertx.core.json.JsonObject) p).filter(p -> "broken.jar".equals(p.getString("name"))).findFirst().orElseThrow();
        assertThat(broken.getString("state")).isEqualTo("failed");
        assertThat(broken.getJsonArray("tools")).isEmpty();
      } finally {
        Files.delete(workspace.resolve("plugins/broken.jar"));
      }
    }
  }

  @Nested
  @DisplayName("tunahost with several workspaces")
  class Workspaces {

    @Test
    @DisplayName("lists them with their node, load and folder; call --workspace-id runs in the one named, "
      + "and a workspace nobody serves exits 1 with NOT_FOUND")
    void severalWorkspaces() throws Exception {
      Path a = Files.createDirectories(workspace.resolve("ws-a"));
      Path b = Files.createDirectories(workspace.resolve("ws-b"));
      Files.writeString(b.resolve("only-in-b.txt"), "b\n");

      Cli.Run listed = Cli.run(workspace, null, "workspaces", "--workspace", "a=" + a, "--workspace", "b=" + b);
      assertThat(listed.exitCode()).isZero();
      assertThat(listed.out()).isEqualTo("a\n" + String.format("  %-36s load %-4d %s%n", "local", 0, a.toRealPath())
        + "b\n" + String.format("  %-36s load %-4d %s%n", "local", 0, b.toRealPath()));

      Cli.Run read = Cli.run(workspace, null, "call", "read_file", "filepath=only-in-b.txt", "--workspace", "a=" + a,
        "--workspace", "b=" + b, "--workspace-id", "b");
      assertThat(read.exitCode()).isZero();
      assertThat(read.out()).contains("b");
      Cli.Run elsewhere = Cli.run(workspace, null, "call", "list_dir", "--workspace", "a=" + a, "--workspace", "b=" + b,
        "--workspace-id", "c");
      assertThat(elsewhere.exitCode()).isEqualTo(1);
      assertThat(elsewhere.err()).contains("NOT_FOUND", "No node serves the workspace 'c'. Served: 'a', 'b'.");
      Cli.Run twice = Cli.run(workspace, null, "tools", "--workspace", "a=" + a, "--workspace", "a=" + b);
      assertThat(twice.exitCode()).isEqualTo(2);
      assertThat(twice.err()).isEqualTo("tunahost: The workspace id 'a' is given twice; give each --workspace ID=DIR an id of "
        + "its own.\n");
    }
  }

  @Nested
  @DisplayName("call")
  class Call {

    @Test
    @DisplayName("prints the text and exits 0")
    void ok() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "call", "echo", "text=hello world");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).isEqualTo("hello world\n");
      assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("types KEY=VALUE words by the schema and takes --args")
    void typedArgs() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "call", "echo", "--args", "{\"n\":1}", "text=x", "--json");

      assertThat(run.exitCode()).isZero();
      io.vertx.core.json.JsonObject result = new io.vertx.core.json.JsonObject(run.out());
      assertThat(result.getBoolean("ok")).isTrue();
      assertThat(result.getJsonObject("output").getJsonObject("args"))
        .isEqualTo(new io.vertx.core.json.JsonObject().put("n", 1).put("text", "x"));
    }

    @Test
    @DisplayName("exits 1 with the code and message on stderr when the tool fails")
    void toolError() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "call", "sleep", "ms=soon");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEqualTo("INVALID_ARGS: Invalid arguments for sleep: Argument 'ms' must be an integer, got string \"soon\".\n");
    }

    @Test
    @DisplayName("exits 1 with UNKNOWN_TOOL for a tool that does not exist")
    void unknownTool() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "call", "nope");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).startsWith("UNKNOWN_TOOL: There is no tool named 'nope'. Known tools: ");
    }

    @Test
    @DisplayName("exits 2 on bad usage")
    void badUsage() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "call", "echo", "no-equals-sign");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("'no-equals-sign' is not key=value; write for example filepath=README.md\nUsage: tunahost call");
    }

    @Test
    @DisplayName("exits 2 with a plain message for a workspace that does not exist")
    void badWorkspace() throws Exception {
      Cli.Run run = Cli.run(workspace, null, "call", "echo", "--workspace", "no/such/folder");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("tunahost: workspace root ").contains("cannot be resolved");
    }
  }

  @Nested
  @DisplayName("batch")
  class Batch {

    static final String BATCH = "{\"calls\":["
      + "{\"tool\":\"sleep\",\"args\":{\"ms\":100}},{\"tool\":\"sleep\",\"args\":{\"ms\":100}},"
      + "{\"tool\":\"touch_marker\",\"args\":{\"path\":\"m.txt\"}},{\"tool\":\"echo\",\"args\":{\"text\":\"done\"}}]}";

    @Test
    @DisplayName("prints each result in order, then one line of stats")
    void fromStdin() throws Exception {
      Cli.Run run = Cli.run(workspace, BATCH, "batch", "-");

      assertThat(run.exitCode()).isZero();
      String[] lines = run.out().split("\n");
      assertThat(lines).hasSize(9);
      assertThat(lines[0]).matches("── #0 sleep ok · [0-9.]+ ms");
      assertThat(lines[1]).isEqualTo("slept 100 ms");
      assertThat(lines[2]).matches("── #1 sleep ok · [0-9.]+ ms");
      assertThat(lines[4]).matches("── #2 touch_marker ok · [0-9.]+ ms");
      assertThat(lines[5]).startsWith("marked m.txt at ");
      assertThat(lines[6]).matches("── #3 echo ok · [0-9.]+ ms");
      assertThat(lines[7]).isEqualTo("done");
      assertThat(lines[8]).matches("4 calls · wall [0-9.]+ ms · sum [0-9.]+ ms · [0-9]+\\.[0-9]{2}× · max [1-4] at once");
      assertThat(workspace.resolve("m.txt")).exists();
    }

    @Test
    @DisplayName("reads a file, honours --max-parallel, and prints JSON with --json")
    void fromFileAsJson() throws Exception {
      Files.writeString(workspace.resolve("batch.json"), BATCH);
      Cli.Run run = Cli.run(workspace, null, "batch", "batch.json", "--max-parallel", "1", "--json");

      assertThat(run.exitCode()).isZero();
      io.vertx.core.json.JsonObject reply = new io.vertx.core.json.JsonObject(run.out());
      assertThat(reply.getJsonArray("results")).hasSize(4);
      assertThat(reply.getJsonObject("stats").getInteger("maxConcurrency")).isEqualTo(1);
      assertThat(reply.getJsonObject("stats").getInteger("maxParallel")).isEqualTo(1);
    }

    @Test
    @DisplayName("exits 1 when a call failed, and still prints every result")
    void failedCall() throws Exception {
      Cli.Run run = Cli.run(workspace, "{\"calls\":[{\"tool\":\"nope\"},{\"tool\":\"echo\",\"args\":{\"text\":\"still\"}}]}", "batch", "-");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).contains("── #0 nope failed", "UNKNOWN_TOOL: There is no tool named 'nope'.", "still\n");
    }

    @Test
    @DisplayName("exits 2 when the input is not a batch")
    void notABatch() throws Exception {
      Cli.Run run = Cli.run(workspace, "[1,2]", "batch", "-");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("The batch is not a JSON object: write {\"calls\":[{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}]}\n");
    }
  }

  @ParameterizedTest(name = "{0} --help shows an example")
  @ValueSource(strings = {"serve", "worker", "tools", "plugins", "workspaces", "call", "batch"})
  @DisplayName("every command explains itself with an example")
  void help(String command) throws Exception {
    Cli.Run run = Cli.run(workspace, null, command, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("Usage: tunahost " + command).contains("--workspace=[ID=]DIR", "--plugins=DIR", "Example");
  }

  @Test
  @DisplayName("serve prints a line with the console's URL and token, then the plugin folders it watches, and stops on SIGTERM")
  void serve() throws Exception {
    Process process = Cli.start(workspace, "serve", "--port", "0", "--token", "0123456789abcdef0123");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).matches("TunaCode host serving 11 tools from 2 plugins on " + java.util.regex.Pattern.quote(workspace.toRealPath().toString())
        + " at http://127\\.0\\.0\\.1:[0-9]+/\\?token=0123456789abcdef0123 · Ctrl-C to stop");
      assertThat(out.readLine()).isEqualTo("Watching for plugin jars in " + workspace.toRealPath().resolve("plugins") + ", "
        + Path.of(System.getProperty("user.home"), ".tunacode", "plugins") + ": drop a jar in to add its tools, replace or "
        + "delete it to swap or remove them");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Nested
  @DisplayName("serve's token")
  class ServeToken {

    @Test
    @DisplayName("comes from TUNACODE_TOKEN when --token is not given, and clients must give it")
    void fromEnvironment() throws Exception {
      String token = "from-the-environment-0123";
      servesWithToken(token, Map.of("TUNACODE_TOKEN", token), "serve", "--port", "0");
    }

    @Test
    @DisplayName("comes from server.token in the file given with --config, and clients must give it")
    void fromConfig() throws Exception {
      String token = "from-the-config-file-0123";
      Path config = Files.writeString(workspace.resolve("my-host.json"), "{\"server\":{\"token\":\"" + token + "\"}}");
      servesWithToken(token, Map.of(), "serve", "--port", "0", "--config", config.toString());
    }

    // Starts serve, checks that it names the token and requires it, and stops it.
    private void servesWithToken(String token, Map<String, String> env, String... args) throws Exception {
      Process process = Cli.start(env, workspace, args);
      try {
        assertRequired(servedUrl(process, token), token);
      } finally {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }

    /** @return the host's URL from serve's start line, after checking that the line names the token */
    private String servedUrl(Process process, String token) throws Exception {
      String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
      Matcher matcher = Pattern.compile(" at (http://127\\.0\\.0\\.1:[0-9]+)/\\?token=(\\S+) · Ctrl-C to stop$")
        .matcher(String.valueOf(line));
      assertThat(matcher.find()).as("the start line: %s", line).isTrue();
      assertThat(matcher.group(2)).isEqualTo(token);
      return matcher.group(1);
    }

    private void assertRequired(String url, String token) throws Exception {
      Cli.Run right = Cli.run(Map.of(), workspace, null, "call", "echo", "text=in", "--connect", url, "--token", token);
      assertThat(right.exitCode()).isZero();
      assertThat(right.out()).isEqualTo("in\n");

      Cli.Run wrong = Cli.run(Map.of(), workspace, null, "call", "echo", "text=in", "--connect", url, "--token", "0123456789abcdef0123");
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(wrong.err()).startsWith("tunahost: cannot connect to " + url + ": ");
    }
  }
}
