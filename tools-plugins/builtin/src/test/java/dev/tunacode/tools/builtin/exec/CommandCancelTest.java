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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A running command that is cancelled")
class CommandCancelTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() {
    root = workspace.root();
    host = workspace.host();
  }

  private void awaitFile(String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(root.resolve(name)) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    assertThat(root.resolve(name)).exists();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bash", "run_command"})
  @DisplayName("has its whole group killed, children and a child of a session of its own too, and answers CANCELLED with its output so far")
  void wholeGroup(String tool) throws Exception {
    String command = "echo started; echo warming >&2; "
      + "for i in 1 2 3; do (sleep 30; echo late > after.txt) & echo $! >> children.pid; done; "
      + "setsid bash -c 'echo $$ >> children.pid; sleep 30; echo late > after.txt' & "
      + "sleep 0.2; touch ready; sleep 30; echo late > after.txt";
    CompletableFuture<JsonObject> result = host.send(new JsonObject().put("tool", tool).put("session", "doomed")
      .put("args", new JsonObject().put("command", command).put("timeout", 60)));
    awaitFile("ready");

    JsonObject reply = host.cancel(new JsonObject().put("session", "doomed").put("reason", "the user pressed stop"));
    JsonObject answer = result.get(30, TimeUnit.SECONDS);

    assertThat(reply.getInteger("cancelled")).isEqualTo(1);
    assertThat(reply.getJsonArray("calls").getJsonObject(0).getString("state")).isEqualTo("running");
    assertThat(answer.getBoolean("ok")).isFalse();
    assertThat(answer.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "CANCELLED").put("message",
      "The command was cancelled while it ran: " + CommandText.KILLED + " Its output until then is in the result's output."));
    JsonObject output = answer.getJsonObject("output");
    assertThat(output.getString("stdout")).isEqualTo("started");
    assertThat(output.getString("stderr")).isEqualTo("warming");
    assertThat(output.getBoolean("cancelled")).isTrue();
    assertThat(output.getBoolean("timedOut")).isFalse();
    assertThat(output.getInteger("exitCode")).as("the shell killed by SIGKILL").isEqualTo(137);
    assertThat(output.getString("text")).startsWith("Command cancelled before it finished: " + command + "\n" + CommandText.KILLED);
    List<String> pids = Files.readAllLines(root.resolve("children.pid"));
    assertThat(pids).hasSize(4);
    for (String pid : pids) {
      assertThat(Processes.gone(Long.parseLong(pid.trim()))).as("process " + pid + " is gone").isTrue();
    }
    assertThat(root.resolve("after.txt")).doesNotExist();
  }
}
