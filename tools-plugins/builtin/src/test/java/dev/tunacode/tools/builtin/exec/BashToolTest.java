package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("bash")
class BashToolTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
  }

  private JsonObject bash(String command) throws Exception {
    return host.ok("bash", new JsonObject().put("command", command));
  }

  @Test
  @DisplayName("shows the command, exit code, folder and both streams, stripped")
  void bothStreams() throws Exception {
    JsonObject output = bash("echo hello; echo oops >&2");

    assertThat(output.getString("text")).isEqualTo("Command: echo hello; echo oops >&2\nExit Code: 0\nWorking Directory: "
      + root + "\n\nSTDOUT:\nhello\n\nSTDERR:\noops");
    assertThat(output.getInteger("exitCode")).isZero();
    assertThat(output.getString("stdout")).isEqualTo("hello");
    assertThat(output.getString("stderr")).isEqualTo("oops");
    assertThat(output.getBoolean("timedOut")).isFalse();
    assertThat(output.getBoolean("truncated")).isFalse();
  }

  @Test
  @DisplayName("says (no output) and (no errors), and reports a non-zero exit code")
  void noOutput() throws Exception {
    JsonObject output = bash("exit 3");

    assertThat(output.getString("text")).isEqualTo("Command: exit 3\nExit Code: 3\nWorking Directory: " + root
      + "\n\nSTDOUT:\n(no output)\n\nSTDERR:\n(no errors)");
    assertThat(output.getInteger("exitCode")).isEqualTo(3);
  }

  @Test
  @DisplayName("runs in cwd inside the workspace, with env over the host's environment, and gives stdin EOF")
  void cwdEnvStdin() throws Exception {
    Files.createDirectories(root.resolve("sub dir"));
    JsonObject output = host.ok("bash", new JsonObject().put("command", "pwd; echo $GREETING; cat; echo done")
      .put("cwd", "sub dir").put("env", new JsonObject().put("GREETING", "héllo ✓")));

    assertThat(output.getString("stdout")).isEqualTo(root.resolve("sub dir") + "\nhéllo ✓\ndone");
  }

  @Test
  @DisplayName("cuts a long text to its first 4,900 characters, and keeps memory bounded for 600 MB of output, more than the heap")
  void largeOutput() throws Exception {
    long bytes = 600_000_000L;
    JsonObject output = bash(RepeatedOutput.command(bytes));

    String text = output.getString("text");
    assertThat(text).hasSize(4900 + "\n\n[... output truncated ...]".length()).endsWith("\n\n[... output truncated ...]");
    assertThat(text).startsWith("Command: yes 0123456789 | head -c 600000000\nExit Code: 0\n");
    assertThat(output.getLong("stdoutBytes")).isEqualTo(600_000_000L);
    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(output.getString("stdout")).hasSizeLessThan(2 * (ProcessRunner.HEAD_BYTES + ProcessRunner.TAIL_BYTES))
      .contains(CapturedText.OMITTED);
    // -Xmx256m (the surefire argLine): holding the output whole would fail here, not merely cost memory.
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(bytes);
    String head = "Command: " + RepeatedOutput.command(bytes) + "\nExit Code: 0\nWorking Directory: " + root + "\n\nSTDOUT:\n";
    assertThat(output).isEqualTo(new JsonObject()
      .put("text", (head + RepeatedOutput.captured(bytes)).substring(0, 4900) + "\n\n[... output truncated ...]")
      .put("exitCode", 0).put("stdout", RepeatedOutput.captured(bytes)).put("stderr", "").put("stdoutBytes", bytes)
      .put("stderrBytes", 0).put("timedOut", false).put("truncated", true));
  }

  @Test
  @DisplayName("with capture_output=false runs the command but discards both streams")
  void withoutCapture() throws Exception {
    String command = "echo hello; echo oops >&2; echo ran > ran.txt; exit 5";
    JsonObject output = host.ok("bash", new JsonObject().put("command", command).put("capture_output", false));

    assertThat(output).isEqualTo(new JsonObject().put("text", "Command: " + command + "\nExit Code: 5\nWorking Directory: "
        + root + "\n\nSTDOUT:\n(no output)\n\nSTDERR:\n(no errors)")
      .put("exitCode", 5).put("stdout", "").put("stderr", "").put("stdoutBytes", 0).put("stderrBytes", 0)
      .put("timedOut", false).put("truncated", false));
    assertThat(Files.readString(root.resolve("ran.txt"))).isEqualTo("ran\n");
  }

  @Test
  @DisplayName("on timeout kills the whole process group, grandchildren included")
  void timeoutKillsTheGroup() throws Exception {
    JsonObject output = host.ok("bash", new JsonObject()
      .put("command", "(sleep 2; echo late > late.txt) & echo started; sleep 30").put("timeout", 1));

    assertThat(output.getBoolean("timedOut")).isTrue();
    assertThat(output.getString("text")).startsWith("Command timed out after 1 seconds: (sleep 2; echo late > late.txt) & "
      + "echo started; sleep 30\nConsider using a longer timeout or breaking the command into smaller parts.\n"
      + "It was killed: the shell at once, so that nothing more of the command ran, and every process it started.\n\nCommand: ");
    assertThat(output.getString("stdout")).isEqualTo("started");
    // The grandchild would write late.txt two seconds in; wait for a command that outlives that moment.
    host.ok("bash", new JsonObject().put("command", "sleep 2.5"));
    assertThat(root.resolve("late.txt")).doesNotExist();
  }

  @Test
  @DisplayName("shows the working directory as the agent named it, as TunaCode does, and runs there")
  void cwdAsGiven() throws Exception {
    Files.createDirectories(root.resolve("src/main"));

    JsonObject output = host.ok("bash", new JsonObject().put("command", "pwd").put("cwd", "src/main"));

    assertThat(output.getString("text")).isEqualTo("Command: pwd\nExit Code: 0\nWorking Directory: src/main\n\nSTDOUT:\n"
      + root.resolve("src/main") + "\n\nSTDERR:\n(no errors)");
  }

  @Test
  @DisplayName("ends background processes a command left behind instead of waiting for them")
  void leftoverBackground() throws Exception {
    JsonObject output = bash("sleep 60 & echo quick");

    assertThat(output.getString("stdout")).isEqualTo("quick");
    assertThat(output.getBoolean("timedOut")).isFalse();
  }

  @Test
  @DisplayName("runs an rm that is neither recursive nor of an absolute path, and commands that only look like a refused one")
  void harmlessRm() throws Exception {
    Files.writeString(root.resolve("a.log"), "x");
    Files.writeString(root.resolve("-r"), "x");
    Files.writeString(root.resolve("-fr"), "x");
    Files.createDirectories(root.resolve("empty/sub"));
    String command = "rm -f a.log 2> /dev/null && rm -- -r && rm ./-fr && rmdir -p empty/sub && echo perform -fr / && ls -A";

    JsonObject output = host.ok("bash", new JsonObject().put("command", command));

    assertThat(output.getInteger("exitCode")).isZero();
    assertThat(output.getString("stdout")).isEqualTo("perform -fr /");
  }

  @Nested
  @DisplayName("refuses")
  class Refusals {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {"rm -rf build|rm -rf", "rm -r x|rm -r", "rm /tmp/x|rm /", "dd if=/dev/zero of=x|dd if=",
      "mkfs /dev/x|mkfs", "fdisk -l|fdisk", "echo hi; RM -RF build|rm -rf"})
    @DisplayName("destructive patterns (ignoring case) with DENIED and TunaCode's words, and runs nothing")
    void destructive(String command, String pattern) throws Exception {
      JsonObject error = host.error("bash", new JsonObject().put("command", command + "; touch ran.txt"));

      assertThat(command.toLowerCase(java.util.Locale.ROOT)).contains(pattern);
      assertThat(error).isEqualTo(new JsonObject().put("code", "DENIED").put("message", "Command contains potentially "
        + "destructive operations: " + command + "; touch ran.txt\nPlease confirm this is intentional and safe for your system."));
      assertThat(root.resolve("ran.txt")).doesNotExist();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"rm -fr build", "rm -f -r build", "rm -v -R build", "rm --recursive build", "rm build -r",
      "rm \"-fr\" build", "/bin/rm -fr build", "cd . && rm -fR build", "rm -f /nonexistent-tunacode-test/x",
      "rm -- /nonexistent-tunacode-test/x"})
    @DisplayName("other spellings of a recursive rm, and of an rm of an absolute path, as rm -r and rm / are, and runs nothing")
    void destructiveSpellings(String command) throws Exception {
      Files.createDirectories(root.resolve("build/x"));

      JsonObject error = host.error("bash", new JsonObject().put("command", command + "; touch ran.txt"));

      assertThat(error).isEqualTo(new JsonObject().put("code", "DENIED").put("message", "Command contains potentially "
        + "destructive operations: " + command + "; touch ran.txt\nPlease confirm this is intentional and safe for your system."));
      assertThat(root.resolve("build/x")).isDirectory();
      assertThat(root.resolve("ran.txt")).doesNotExist();
    }

    @Test
    @DisplayName("a NUL in the command, or an environment variable no process can have, with INVALID_ARGS naming it")
    void unrunnable() throws Exception {
      assertThat(host.error("bash", new JsonObject().put("command", "echo a\0b"))).isEqualTo(new JsonObject()
        .put("code", "INVALID_ARGS").put("message", "Invalid arguments for bash: 'command' contains a NUL character, which no "
          + "command can be given. Remove it; write \\0 where the command means one, as printf does."));
      assertThat(host.error("run_command", new JsonObject().put("command", "echo a\0b")).getString("code")).isEqualTo("INVALID_ARGS");
      assertThat(host.error("bash", new JsonObject().put("command", "env").put("env", new JsonObject().put("FOO=BAR", "x"))))
        .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", "Invalid arguments for bash: 'env' has the name "
          + "'FOO=BAR', which no variable can have. Names are non-empty, without '=' or NUL; values are without NUL."));
      assertThat(host.error("bash", new JsonObject().put("command", "env").put("env", new JsonObject().put("FOO", "a\0b")))
        .getString("message")).isEqualTo("Invalid arguments for bash: 'env' has a NUL character in the value of 'FOO'. "
          + "Names are non-empty, without '=' or NUL; values are without NUL.");
      assertThat(host.error("bash", new JsonObject().put("command", "env").put("env", new JsonObject().put("", "x")))
        .getString("code")).isEqualTo("INVALID_ARGS");
    }

    @Test
    @DisplayName("a cwd that is a file, saying so")
    void cwdIsAFile() throws Exception {
      Files.writeString(root.resolve("f.txt"), "x");

      assertThat(host.error("bash", new JsonObject().put("command", "pwd").put("cwd", "f.txt"))).isEqualTo(new JsonObject()
        .put("code", "INVALID_ARGS").put("message", "Working directory 'f.txt' is a file, not a folder. Give the folder it is "
          + "in, or leave cwd out for the workspace root."));
    }

    @Test
    @DisplayName("a cwd outside the workspace, through .., an absolute path or a symlink")
    void cwdOutside() throws Exception {
      Path outside = workspace.outside("outside");
      Files.createSymbolicLink(root.resolve("out"), outside);

      for (String cwd : new String[] {"..", outside.toString(), "out", "out/"}) {
        JsonObject error = host.error("bash", new JsonObject().put("command", "pwd").put("cwd", cwd));
        assertThat(error.getString("code")).as(cwd).isEqualTo("OUTSIDE_WORKSPACE");
      }
      assertThat(host.error("bash", new JsonObject().put("command", "pwd").put("cwd", "a\0b")).getString("code"))
        .isEqualTo("INVALID_ARGS");
    }

    @Test
    @DisplayName("a cwd that does not exist, with the original's message")
    void missingCwd() throws Exception {
      JsonObject error = host.error("bash", new JsonObject().put("command", "pwd").put("cwd", "nope"));

      assertThat(error).isEqualTo(new JsonObject().put("code", "NOT_FOUND").put("message",
        "Working directory 'nope' does not exist. Please verify the path or create the directory first."));
    }

    @Test
    @DisplayName("a timeout outside 1..300 seconds in TunaCode's words, an empty command and env values that are not strings")
    void badArguments() throws Exception {
      for (int timeout : new int[] {301, 0, -5}) {
        assertThat(host.error("bash", new JsonObject().put("command", "true").put("timeout", timeout))).isEqualTo(new JsonObject()
          .put("code", "INVALID_ARGS").put("message", "Timeout must be between 1 and 300 seconds. Use shorter timeouts for "
            + "quick commands, longer for builds/tests."));
      }
      assertThat(host.error("bash", new JsonObject().put("command", "  "))).isEqualTo(new JsonObject()
        .put("code", "INVALID_ARGS").put("message", "Empty command not allowed"));
      assertThat(host.error("bash", new JsonObject().put("command", "true").put("env", new JsonObject().put("N", 1))))
        .isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
          .put("message", "Invalid arguments for bash: 'env' must only contain string pairs."));
    }
  }

  @Test
  @DisplayName("is DENIED when commands are turned off by configuration")
  void turnedOff(@TempDir Path other) throws Exception {
    JsonObject off = new JsonObject().put("tools", new JsonObject().put("execute", new JsonObject().put("enabled", false)));
    Vertx separate = Vertx.vertx();
    try (BuiltinHost disabled = BuiltinHost.start(separate, other, new HostOptions(off), off)) {
      JsonObject error = disabled.error("bash", new JsonObject().put("command", "echo hi"));

      assertThat(error).isEqualTo(new JsonObject().put("code", "DENIED").put("message", "Running commands is turned off "
        + "on this host (tools.execute.enabled=false), so bash cannot run. Use the file tools instead."));
    } finally {
      separate.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
