package dev.tunacode.host.cli;

import dev.tunacode.host.testing.SamplePlugins;
import dev.tunacode.host.testing.Processes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The command line against a running host, with --connect")
class ConnectIT {

  static final String TOKEN = "abcdefabcdefabcdef0123";

  @TempDir
  static Path workspace;
  @TempDir
  static Path elsewhere;
  static Process server;
  static String url;

  @BeforeAll
  static void serve() throws Exception {
    Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), workspace.resolve("plugins/examples.jar"));
    Files.writeString(workspace.resolve("a.txt"), "alpha\n");
    StringBuilder big = new StringBuilder();
    for (int line = 0; line < 150_000; line++) {
      big.append("  return value_").append(line).append("; // é\n");
    }
    Files.writeString(workspace.resolve("big.java"), big.toString());
    // Budgets that let the large reply below be large; both the served host and the in-process command read it.
    Files.createDirectory(workspace.resolve("config"));
    Files.writeString(workspace.resolve("config/host.json"),
      "{\"tools\":{\"maxResultBytes\":268435456},\"coordinator\":{\"maxReplyBytes\":268435456}}");
    server = Cli.start(workspace, "serve", "--port", "0", "--token", TOKEN);
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    Matcher matcher = Pattern.compile(" at (http://127\\.0\\.0\\.1:\\d+)/\\?token=").matcher(out.readLine());
    assertThat(matcher.find()).isTrue();
    url = matcher.group(1);
  }

  @AfterAll
  static void stop() throws Exception {
    server.destroy();
    server.waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("plugins --connect follows the served folder: a jar dropped in is listed loaded and answers, then unloaded once deleted")
  void pluginsFollowTheFolder() throws Exception {
    Path built = new SamplePlugins("connect.greeter", "greeter").answering("greet", "hello from the drop")
      .build(elsewhere.resolve("greeter.jar"));
    Path jar = workspace.resolve("plugins/greeter.jar");
    Files.copy(built, workspace.resolve("plugins/greeter.jar.part"));
    Files.move(workspace.resolve("plugins/greeter.jar.part"), jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
      Cli.run(elsewhere, null, "call", "greet", "--connect", url, "--token", TOKEN).out().equals("hello from the drop\n"));
    Cli.Run loaded = Cli.run(elsewhere, null, "plugins", "--connect", url, "--token", TOKEN);
    assertThat(loaded.exitCode()).isZero();
    assertThat(loaded.out()).contains(String.format("%-16s %-8s %-14s %s%n  tools: greet%n", "greeter", "loaded", "", jar));

    Files.delete(jar);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
      Cli.run(elsewhere, null, "plugins", "--connect", url, "--token", TOKEN).out().contains(String.format("%-16s %-8s %-14s %s%n  unloaded at ", "greeter", "unloaded", "", jar)));
    Cli.Run gone = Cli.run(elsewhere, null, "call", "greet", "--connect", url, "--token", TOKEN);
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).startsWith("UNKNOWN_TOOL: There is no tool named 'greet'. Known tools: ");
  }

  @Test
  @DisplayName("call, batch and tools give the same output and exit codes as in-process, on the host's workspace")
  void sameAsInProcess() throws Exception {
    Cli.Run read = Cli.run(elsewhere, null, "call", "read_file", "filepath=a.txt", "--connect", url, "--token", TOKEN);
    assertThat(read.exitCode()).isZero();
    assertThat(read.out()).isEqualTo("alpha\n");

    Cli.Run missing = Cli.run(elsewhere, null, "call", "read_file", "filepath=nope.txt", "--connect", url, "--token", TOKEN);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("NOT_FOUND: Error: File not found at 'nope.txt'.\n");

    Cli.Run typed = Cli.run(elsewhere, null, "call", "sleep", "ms=5", "--connect", url + "/?token=" + TOKEN);
    assertThat(typed.out()).isEqualTo("slept 5 ms\n");

    Cli.Run batch = Cli.run(elsewhere, "{\"calls\":[{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}]}", "batch", "-", "--json",
      "--connect", url, "--token", TOKEN);
    assertThat(batch.exitCode()).isZero();
    assertThat(new JsonObject(batch.out()).getJsonArray("results").getJsonObject(0).getJsonObject("output").getString("text"))
      .isEqualTo("hi");

    Cli.Run tools = Cli.run(elsewhere, null, "tools", "--connect", url, "--token", TOKEN);
    assertThat(tools.exitCode()).isZero();
    assertThat(tools.out()).contains("read_file", "touch_marker");
  }

  @Test
  @DisplayName("with TUNACODE_URL and TUNACODE_TOKEN instead of --connect and --token, call, batch and tools give the "
    + "same output and exit codes as in-process")
  void fromEnvironment() throws Exception {
    Map<String, String> env = Map.of("TUNACODE_URL", url, "TUNACODE_TOKEN", TOKEN);

    Cli.Run read = Cli.run(env, elsewhere, null, "call", "read_file", "filepath=a.txt");
    Cli.Run readHere = Cli.run(Map.of(), workspace, null, "call", "read_file", "filepath=a.txt");
    assertThat(read.exitCode()).isZero();
    assertThat(read.out()).isEqualTo("alpha\n").isEqualTo(readHere.out());
    assertThat(read.err()).isEmpty();

    Cli.Run missing = Cli.run(env, elsewhere, null, "call", "read_file", "filepath=nope.txt");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).isEqualTo("NOT_FOUND: Error: File not found at 'nope.txt'.\n");

    Cli.Run batch = Cli.run(env, elsewhere, "{\"calls\":[{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}},{\"tool\":\"nope\"}]}",
      "batch", "-", "--json");
    assertThat(batch.exitCode()).as("a failed call makes the batch exit 1").isEqualTo(1);
    JsonObject reply = new JsonObject(batch.out());
    assertThat(reply.getJsonArray("results").getJsonObject(0).getJsonObject("output").getString("text")).isEqualTo("hi");
    assertThat(reply.getJsonArray("results").getJsonObject(1).getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_TOOL");

    Cli.Run tools = Cli.run(env, elsewhere, null, "tools");
    Cli.Run toolsHere = Cli.run(Map.of(), workspace, null, "tools");
    assertThat(tools.exitCode()).isZero();
    assertThat(tools.out()).contains("read_file", "touch_marker").isEqualTo(toolsHere.out());
  }

  @Test
  @DisplayName("a wrong TUNACODE_TOKEN is refused like a wrong --token")
  void wrongTokenFromEnvironment() throws Exception {
    Cli.Run run = Cli.run(Map.of("TUNACODE_URL", url, "TUNACODE_TOKEN", "not-the-token-at-all"), elsewhere, null, "tools");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("tunahost: cannot connect to " + url + ": ")
      .contains("wrong token: use the one tunahost serve printed, or TUNACODE_TOKEN");
  }

  @Test
  @DisplayName("a wrong token is refused with a clear message and exit code 1")
  void wrongToken() throws Exception {
    Cli.Run run = Cli.run(elsewhere, null, "tools", "--connect", url, "--token", "not-the-token-at-all");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("tunahost: cannot connect to " + url + ": ")
      .contains("wrong token: use the one tunahost serve printed, or TUNACODE_TOKEN");
  }

  @Test
  @DisplayName("a reply of megabytes, sent in many frames, prints the same as in-process")
  void largeReply() throws Exception {
    String[] grep = {"call", "grep", "pattern=return", "max_results=200000", "include_files=big.java"};
    Cli.Run here = Cli.run(Map.of(), workspace, null, grep);
    String[] connected = Stream.concat(Arrays.stream(grep), Stream.of("--connect", url, "--token", TOKEN)).toArray(String[]::new);
    Cli.Run there = Cli.run(Map.of(), elsewhere, null, connected);

    assertThat(here.exitCode()).isZero();
    assertThat(here.out().length()).as("several frames of the host's").isGreaterThan(5 * 1024 * 1024);
    assertThat(there.exitCode()).isZero();
    assertThat(there.err()).isEmpty();
    assertThat(there.out()).isEqualTo(here.out());
  }

  @Test
  @DisplayName("--timeout: a reply that does not come in time ends the command with exit code 1 and says so, in-process and over --connect")
  void timeout() throws Exception {
    Cli.Run there = Cli.run(Map.of(), elsewhere, null, "call", "sleep", "ms=20000", "--timeout", "1", "--connect", url, "--token", TOKEN);
    Cli.Run here = Cli.run(Map.of(), workspace, null, "call", "sleep", "ms=20000", "--timeout", "1");

    String said = "tunahost: no reply from the host within 1 s; the request may still be running there. "
      + "Give more time with --timeout SECONDS.\n";
    assertThat(there.exitCode()).isEqualTo(1);
    assertThat(there.out()).isEmpty();
    assertThat(there.err()).isEqualTo(said);
    // In-process the host then stops, and the core logs the interrupted sleep before the command's own line.
    assertThat(here.exitCode()).isEqualTo(1);
    assertThat(here.out()).isEmpty();
    assertThat(here.err()).endsWith(said);
  }

  @Test
  @DisplayName("call over --connect prints a running command's output on stderr as it comes, and the result on stdout")
  void streamsOutput() throws Exception {
    Process process = Cli.start(elsewhere, "call", "bash", "command=echo started; while [ ! -e go ]; do sleep 0.05; done; echo finished",
      "--connect", url, "--token", TOKEN);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("streamed while the command still waits for 'go'").isEqualTo("started");
      Files.createFile(workspace.resolve("go"));
      assertThat(out.readLine()).isEqualTo("finished");
      assertThat(out.lines().toList()).as("the result's text follows").contains("started", "finished");
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }

    Cli.Run separate = Cli.run(elsewhere, null, "call", "bash", "command=echo to-stdout; echo to-stderr >&2", "--json",
      "--connect", url, "--token", TOKEN);
    // Each stream keeps its order; the two are separate pipes, so which comes first between them is not fixed.
    assertThat(separate.err().lines()).containsExactlyInAnyOrder("to-stdout", "to-stderr");
    assertThat(new JsonObject(separate.out()).getBoolean("ok")).as("--json stays one clean document").isTrue();
  }

  @Test
  @DisplayName("Ctrl-C on call over --connect cancels the running command on the host, its children too, and says so")
  void interruptCancels() throws Exception {
    Process process = Cli.start(elsewhere, "call", "bash", "command=echo $$ > cli.shell; sleep 60 & echo $! > cli.child; wait",
      "--connect", url, "--token", TOKEN);
    try {
      long[] pids = {Processes.written(workspace.resolve("cli.shell")), Processes.written(workspace.resolve("cli.child"))};
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(said).contains("tunahost: interrupted; Cancelled 1 call of this connection: 0 waiting, which will not run, and 1 running, which was asked to stop.");
      assertThat(process.exitValue()).isEqualTo(130);
      for (long pid : pids) {
        org.awaitility.Awaitility.await("process " + pid + " gone").atMost(java.time.Duration.ofSeconds(10))
          .until(() -> !Processes.alive(pid));
      }
    } finally {
      process.destroyForcibly();
    }
  }
}
