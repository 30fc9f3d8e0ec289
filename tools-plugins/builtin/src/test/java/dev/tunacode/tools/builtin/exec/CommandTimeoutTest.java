package dev.tunacode.tools.builtin.exec;

import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command past its time limit stops as a whole. Each script would write {@code after.txt} two seconds
 * after its one-second limit; a second command that outlives that moment shows whether anything of it
 * went on.
 */
@DisplayName("A command that times out")
class CommandTimeoutTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() {
    root = workspace.root();
    host = workspace.host();
  }

  private JsonObject timesOut(String tool, String command) throws Exception {
    JsonObject output = host.ok(tool, new JsonObject().put("command", command).put("timeout", 1));
    assertThat(output.getBoolean("timedOut")).isTrue();
    assertThat(output.getInteger("exitCode")).as("killed by SIGKILL: 128 + 9").isEqualTo(137);
    assertThat(output.getString("text")).contains("Consider using a longer timeout or breaking the command into smaller "
      + "parts.\nIt was killed: the shell at once, so that nothing more of the command ran, and every process it started.\n\n");
    return output;
  }

  private void outliveTheScript(String tool) throws Exception {
    host.ok(tool, new JsonObject().put("command", "sleep 2.5"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "run_command"})
  @DisplayName("runs nothing more of its script once its child is killed")
  void nothingMoreOfTheScript(String tool) throws Exception {
    timesOut(tool, "sleep 3; echo late > after.txt");
    outliveTheScript(tool);

    assertThat(root.resolve("after.txt")).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "run_command"})
  @DisplayName("runs nothing more of its script even when the shell traps TERM")
  void shellTrapsTerm(String tool) throws Exception {
    timesOut(tool, "trap 'echo trapped > trapped.txt' TERM; sleep 3; echo late > after.txt");
    outliveTheScript(tool);

    assertThat(root.resolve("after.txt")).doesNotExist();
    assertThat(root.resolve("trapped.txt")).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "run_command"})
  @DisplayName("ends a child that ignores TERM and one that left for a session of its own")
  void stubbornChildren(String tool) throws Exception {
    timesOut(tool, "(trap '' TERM; sleep 30; echo late > after.txt) & echo $! > ignores.pid; "
      + "setsid bash -c 'echo $$ > own.pid; sleep 30; echo late > after.txt' & sleep 0.2; sleep 30");

    for (String pidFile : List.of("ignores.pid", "own.pid")) {
      long pid = Long.parseLong(Files.readString(root.resolve(pidFile)).trim());
      assertThat(Processes.gone(pid)).as(pidFile + ": process " + pid + " is gone").isTrue();
    }
    assertThat(root.resolve("after.txt")).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "run_command"})
  @DisplayName("ends a process that left the tree: started by a subshell that exited, in a session of its own")
  void doubleFork(String tool) throws Exception {
    timesOut(tool, "(setsid bash -c 'echo $$ > orphan.pid; sleep 4; echo x > orphan.txt' &); sleep 0.2; sleep 100");

    long pid = Long.parseLong(Files.readString(root.resolve("orphan.pid")).trim());
    assertThat(Processes.gone(pid)).as("the orphan " + pid + " is gone").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "run_command"})
  @DisplayName("does not wait for such a process after its command has ended, and ends it")
  void leftoverOrphan(String tool) throws Exception {
    JsonObject output = host.ok(tool, new JsonObject().put("command",
      "(setsid bash -c 'echo $$ > left.pid; exec sleep 31' &); sleep 0.2; echo hi"));

    assertThat(output.getBoolean("timedOut")).isFalse();
    assertThat(output.getString("stdout")).isEqualTo("hi");
    long pid = Long.parseLong(Files.readString(root.resolve("left.pid")).trim());
    assertThat(Processes.gone(pid)).as("the leftover " + pid + " is gone").isTrue();
  }
}
