package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("run_command")
class RunCommandToolTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
  }

  @Test
  @DisplayName("shows both streams in the workspace root")
  void streams() throws Exception {
    Files.writeString(root.resolve("a.txt"), "alpha\n");
    JsonObject output = host.ok("run_command", new JsonObject().put("command", "cat a.txt; ls nope"));

    assertThat(output.getString("text")).isEqualTo("STDOUT:\nalpha\n\nSTDERR:\nls: cannot access 'nope': No such file or directory");
    assertThat(output.getInteger("exitCode")).isEqualTo(2);
    assertThat(output).isEqualTo(new JsonObject().put("text", output.getString("text")).put("exitCode", 2)
      .put("stdout", "alpha").put("stderr", "ls: cannot access 'nope': No such file or directory")
      .put("stdoutBytes", 6).put("stderrBytes", 52).put("timedOut", false).put("truncated", false));
  }

  @Test
  @DisplayName("says No output. and No errors.")
  void empty() throws Exception {
    assertThat(host.ok("run_command", new JsonObject().put("command", "true")).getString("text"))
      .isEqualTo("STDOUT:\nNo output.\n\nSTDERR:\nNo errors.");
  }

  @Test
  @DisplayName("gives empty streams as empty fields, and whitespace-only output as No output.")
  void emptyFields() throws Exception {
    JsonObject output = host.ok("run_command", new JsonObject().put("command", "printf '  \\n\\n'; exit 4"));

    assertThat(output).isEqualTo(new JsonObject().put("text", "STDOUT:\nNo output.\n\nSTDERR:\nNo errors.").put("exitCode", 4)
      .put("stdout", "").put("stderr", "").put("stdoutBytes", 4).put("stderrBytes", 0).put("timedOut", false)
      .put("truncated", false));
  }

  @Test
  @DisplayName("keeps the first 2,500 and the last 1,000 characters of a long text")
  void truncation() throws Exception {
    JsonObject output = host.ok("run_command", new JsonObject().put("command", "seq 1 200000"));

    String text = output.getString("text");
    assertThat(text).hasSize(2500 + "\n...\n[truncated]\n...\n".length() + 1000);
    assertThat(text).startsWith("STDOUT:\n1\n2\n3\n").contains("\n...\n[truncated]\n...\n");
    assertThat(text).endsWith("199999\n200000\n\nSTDERR:\nNo errors.");
    assertThat(output.getBoolean("truncated")).isTrue();
  }

  @Test
  @DisplayName("has a time limit that kills the command")
  void timeout() throws Exception {
    JsonObject output = host.ok("run_command", new JsonObject().put("command", "echo before; sleep 30").put("timeout", 1));

    assertThat(output.getBoolean("timedOut")).isTrue();
    assertThat(output.getString("text")).isEqualTo("Command timed out after 1 seconds: echo before; sleep 30\n"
      + "Consider using a longer timeout or breaking the command into smaller parts.\n"
      + "It was killed: the shell at once, so that nothing more of the command ran, and every process it started.\n\n"
      + "STDOUT:\nbefore\n\nSTDERR:\nNo errors.");
    assertThat(output.copy().put("text", "")).as("killed by SIGKILL: 128 + 9").isEqualTo(new JsonObject().put("text", "")
      .put("exitCode", 137).put("stdout", "before").put("stderr", "").put("stdoutBytes", 7).put("stderrBytes", 0)
      .put("timedOut", true).put("truncated", false));
  }

  @Test
  @DisplayName("on timeout kills the whole process group, grandchildren included")
  void timeoutKillsTheGroup() throws Exception {
    JsonObject output = host.ok("run_command", new JsonObject()
      .put("command", "(sleep 2; echo late > late.txt) & echo started; sleep 30").put("timeout", 1));

    assertThat(output.getBoolean("timedOut")).isTrue();
    assertThat(output.getString("stdout")).isEqualTo("started");
    // The grandchild would write late.txt two seconds in; wait for a command that outlives that moment.
    host.ok("run_command", new JsonObject().put("command", "sleep 2.5"));
    assertThat(root.resolve("late.txt")).doesNotExist();
  }

  @Test
  @DisplayName("caps 600 MB of output, more than the test's heap, to its first and last 64 KiB as it reads")
  void largeOutput() throws Exception {
    long bytes = 600_000_000L;
    JsonObject output = host.ok("run_command", new JsonObject().put("command", RepeatedOutput.command(bytes)));

    String stdout = RepeatedOutput.captured(bytes);
    String whole = "STDOUT:\n" + stdout + "\n\nSTDERR:\nNo errors.";
    assertThat(output).isEqualTo(new JsonObject()
      .put("text", whole.substring(0, 2500) + "\n...\n[truncated]\n...\n" + whole.substring(whole.length() - 1000))
      .put("exitCode", 0).put("stdout", stdout).put("stderr", "").put("stdoutBytes", bytes).put("stderrBytes", 0)
      .put("timedOut", false).put("truncated", true));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"rm -rf /", "sudo rm x", "echo x > /dev/sda", "dd if=x of=/dev/sda", "mkfs.ext4 /dev/x", "FDISK -l",
    ":(){ :|:& };:", "rm -fr /nonexistent-tunacode-test", "rm -r -f /nonexistent-tunacode-test",
    "rm --recursive --force /nonexistent-tunacode-test", "rm -Rf --no-preserve-root /nonexistent-tunacode-test",
    "rm -rfv /nonexistent-tunacode-test", "rm -f -r -- /nonexistent-tunacode-test", "rm /nonexistent-tunacode-test -fr"})
  @DisplayName("refuses dangerous commands with DENIED and the original's message")
  void blocked(String command) throws Exception {
    assertThat(host.error("run_command", new JsonObject().put("command", command))).isEqualTo(new JsonObject()
      .put("code", "DENIED").put("message", "Security validation failed: Command contains dangerous pattern and is blocked"));
  }

  @Test
  @DisplayName("runs what TunaCode ran: rm -fr of a relative path, and commands that only look like a refused one")
  void harmlessRm() throws Exception {
    Files.createDirectories(root.resolve("build/x"));

    JsonObject output = host.ok("run_command", new JsonObject().put("command", "rm -fr build 2> /dev/null && echo perform -fr /"));

    assertThat(output.getString("text")).isEqualTo("STDOUT:\nperform -fr /\n\nSTDERR:\nNo errors.");
    assertThat(root.resolve("build")).doesNotExist();
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", "   ", "\t\n"})
  @DisplayName("refuses an empty or blank command with INVALID_ARGS and the original's message")
  void empty(String command) throws Exception {
    assertThat(host.error("run_command", new JsonObject().put("command", command))).isEqualTo(new JsonObject()
      .put("code", "INVALID_ARGS").put("message", "Security validation failed: Empty command not allowed"));
  }

  @Test
  @DisplayName("is DENIED when the host's options turn commands off")
  void turnedOffByOptions(@TempDir Path other) throws Exception {
    assertTurnedOff(other, new HostOptions().setExecuteEnabled(false), new JsonObject());
  }

  @Test
  @DisplayName("is DENIED by the tool itself when only the tools' configuration turns commands off")
  void turnedOffByConfig(@TempDir Path other) throws Exception {
    assertTurnedOff(other, new HostOptions(),
      new JsonObject().put("tools", new JsonObject().put("execute", new JsonObject().put("enabled", false))));
  }

  private static void assertTurnedOff(Path other, HostOptions options, JsonObject config) throws Exception {
    Vertx separate = Vertx.vertx();
    try (BuiltinHost disabled = BuiltinHost.start(separate, other, options, config)) {
      JsonObject error = disabled.error("run_command", new JsonObject().put("command", "echo hi > ran.txt"));

      assertThat(error).isEqualTo(new JsonObject().put("code", "DENIED").put("message", "Running commands is turned off "
        + "on this host (tools.execute.enabled=false), so run_command cannot run. Use the file tools instead."));
      assertThat(other.resolve("ran.txt")).doesNotExist();
    } finally {
      separate.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
