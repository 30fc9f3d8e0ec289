package dev.tunacode.tools.builtin.exec;

import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("run_command")
class RunCommandToolTest {

  @TempDir
  Path root;
  BuiltinHost host;

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    host = BuiltinHost.start(vertx, root);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close();
  }

  @Test
  @DisplayName("shows both streams in the workspace root")
  void streams() throws Exception {
    Files.writeString(root.resolve("a.txt"), "alpha\n");
    JsonObject output = host.ok("run_command", new JsonObject().put("command", "cat a.txt; ls nope"));

    assertThat(output.getString("text")).isEqualTo("STDOUT:\nalpha\n\nSTDERR:\nls: cannot access 'nope': No such file or directory");
    assertThat(output.getInteger("exitCode")).isEqualTo(2);
  }

  @Test
  @DisplayName("says No output. and No errors.")
  void empty() throws Exception {
    assertThat(host.ok("run_command", new JsonObject().put("command", "true")).getString("text"))
      .isEqualTo("STDOUT:\nNo output.\n\nSTDERR:\nNo errors.");
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
      + "Consider using a longer timeout or breaking the command into smaller parts.\n\nSTDOUT:\nbefore\n\nSTDERR:\nNo errors.");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"rm -rf /", "sudo rm x", "echo x > /dev/sda", "dd if=x of=/dev/sda", "mkfs.ext4 /dev/x", "FDISK -l",
    ":(){ :|:& };:", "   "})
  @DisplayName("refuses dangerous commands with DENIED and the original's message")
  void blocked(String command) throws Exception {
    assertThat(host.error("run_command", new JsonObject().put("command", command))).isEqualTo(new JsonObject()
      .put("code", "DENIED").put("message", "Security validation failed: Command contains dangerous pattern and is blocked"));
  }
}
