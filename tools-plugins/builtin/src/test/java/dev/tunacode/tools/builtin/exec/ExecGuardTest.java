package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deny-lists alone, so that the commands they must refuse are never run, even by a test that fails.
 */
@DisplayName("The command tools' deny-lists")
class ExecGuardTest {

  @Nested
  @DisplayName("bash's")
  class Bash {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"rm -rf /", "rm -fr /", "rm -Rf /", "rm -fR /", "rm -r -f /", "rm -f -r /", "rm -f -R x",
      "rm --recursive --force /", "rm --force --recursive /", "rm --recursive x", "rm --rec x", "rm -v -r x", "rm -vfr x",
      "rm x -r", "rm x --recursive", "rm -rf --no-preserve-root /", "rm \"-fr\" /", "rm '-fr' /", "/bin/rm -fr /",
      "\\rm -fr /", "sudo rm -fr /", "cd x && rm -fr y", "true;rm -fr y", "(rm -fr y)", "echo x | xargs rm -fr",
      "rm\t-fr\t/", "rm -f /etc/passwd", "rm -- /x", "rm a /b", "rm -f a.log\nrm -fr b"})
    @DisplayName("refuses every spelling of a recursive rm, and of an rm of an absolute path, as it refuses rm -r and rm /")
    void refuses(String command) {
      assertThatThrownBy(() -> ExecGuard.checkBash(command)).as(command)
        .isInstanceOfSatisfying(ToolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.DENIED);
          assertThat(e.getMessage()).isEqualTo("Command contains potentially destructive "
            + "operations: " + command + "\nPlease confirm this is intentional and safe for your system.");
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"rm -f a.log", "rm a.txt b.txt", "rm -i ./x", "rm -- -r", "rm ./-fr", "rm -f a.log 2> /dev/null",
      "rm -f a.log > /tmp/log", "rm -f a.log >/tmp/log", "echo perform -fr /", "rmdir -p /tmp/x/y", "ls -fr /",
      "grep -rf patterns /etc", "npm run rm -- -fr", "git status -r /", "trim -fr /", "firm --force /", "rm-tool -fr /",
      "cp -fr a b", "echo done"})
    @DisplayName("lets through an rm that is neither recursive nor of an absolute path, and commands that only look alike")
    void allows(String command) {
      assertThatCode(() -> ExecGuard.checkBash(command)).as(command).doesNotThrowAnyException();
    }
  }

  @Nested
  @DisplayName("run_command's")
  class RunCommand {

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"rm -rf /", "rm -fr /", "rm -Rf /", "rm -fR /home", "rm -r -f /", "rm -f -r /", "rm -R -f /x",
      "rm --recursive --force /", "rm --force --recursive /", "rm --rec --f /", "rm -rfv /", "rm -v -r -f /",
      "rm -rf --no-preserve-root /", "rm -fr -- /", "rm / -fr", "rm -r / -f", "RM -FR /", "/bin/rm -fr /", "\\rm -fr /",
      "cd x && rm -fr /y", "rm \"-fr\" /", "rm -fr \"/\""})
    @DisplayName("refuses every spelling of rm -rf on an absolute path, as it refuses rm -rf /")
    void refuses(String command) {
      assertThatThrownBy(() -> ExecGuard.checkRunCommand(command)).as(command)
        .isInstanceOfSatisfying(ToolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.DENIED);
          assertThat(e.getMessage())
            .isEqualTo("Security validation failed: Command contains dangerous pattern and is blocked");
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"rm -fr build", "rm -r -f ./build", "rm --recursive --force build", "rm -f /tmp/x.log",
      "rm -fr build 2> /dev/null", "rm -fr build > /tmp/log", "echo perform -fr /", "cp -fr a /b", "ls -fr /", "echo done"})
    @DisplayName("lets through what TunaCode let through: an rm -rf of a relative path, an rm -f, commands that only look alike")
    void allows(String command) {
      assertThatCode(() -> ExecGuard.checkRunCommand(command)).as(command).doesNotThrowAnyException();
    }
  }
}
