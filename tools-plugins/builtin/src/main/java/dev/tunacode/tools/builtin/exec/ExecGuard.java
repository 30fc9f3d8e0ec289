package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refusals shared by the command tools: commands turned off by configuration, and the original's
 * dangerous patterns.
 */
final class ExecGuard {

  /** bash's refusals: substrings, as in TunaCode's bash tool. */
  static final List<String> BASH_DESTRUCTIVE = List.of("rm -rf", "rm -r", "rm /", "dd if=", "mkfs", "fdisk");

  /** run_command's refusals, matched ignoring case, as in TunaCode's run_command. */
  static final List<Pattern> RUN_COMMAND_BLOCKED = List.of(
    Pattern.compile("rm\\s+-rf\\s+/", Pattern.CASE_INSENSITIVE),
    Pattern.compile("sudo\\s+rm", Pattern.CASE_INSENSITIVE),
    Pattern.compile(">\\s*/dev/sd[a-z]", Pattern.CASE_INSENSITIVE),
    Pattern.compile("dd\\s+.*of=/dev/", Pattern.CASE_INSENSITIVE),
    Pattern.compile("mkfs\\.", Pattern.CASE_INSENSITIVE),
    Pattern.compile("fdisk", Pattern.CASE_INSENSITIVE),
    Pattern.compile(":\\(\\)\\s*\\{\\s*:\\|:&\\s*\\};:", Pattern.CASE_INSENSITIVE));

  static final String BLOCKED_MESSAGE = "Security validation failed: Command contains dangerous pattern and is blocked";

  private ExecGuard() {
  }

  static void checkEnabled(JsonObject config, String tool) {
    JsonObject execute = config.getJsonObject("tools", new JsonObject()).getJsonObject("execute", new JsonObject());
    if (!execute.getBoolean("enabled", true)) {
      throw new ToolException(ErrorCode.DENIED, "Running commands is turned off on this host "
        + "(tools.execute.enabled=false), so " + tool + " cannot run. Use the file tools instead.");
    }
  }

  /** A process cannot be given a NUL in its arguments; the shell would not see the command as sent. */
  static void checkNoNul(String tool, String command) {
    if (command.indexOf('\0') >= 0) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Invalid arguments for " + tool + ": 'command' contains a NUL "
        + "character, which no command can be given. Remove it; write \\0 where the command means one, as printf does.");
    }
  }

  /**
   * TunaCode's words; the patterns are matched ignoring case here, where TunaCode let {@code RM -RF} through,
   * and what {@code rm -r} and {@code rm /} stand for in any spelling: a recursive rm ({@code rm -fr},
   * {@code rm -f -R}, {@code rm --recursive}, {@code rm x -r}) and an rm of an absolute path ({@code rm -f /x}).
   */
  static void checkBash(String command) {
    String lower = command.toLowerCase(Locale.ROOT);
    boolean destructive = BASH_DESTRUCTIVE.stream().anyMatch(lower::contains)
      || RmCommand.in(command).stream().anyMatch(rm -> rm.recursive() || rm.absolute());
    if (destructive) {
      throw new ToolException(ErrorCode.DENIED, "Command contains potentially destructive operations: " + command
        + "\nPlease confirm this is intentional and safe for your system.");
    }
  }

  static void checkRunCommand(String command) {
    if (command.isBlank()) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Security validation failed: Empty command not allowed");
    }
    checkNoNul("run_command", command);
    // TunaCode's rm -rf / in any spelling too: rm -fr /, rm -r -f /, rm --recursive --force /, rm -rf -- /x.
    boolean blocked = RUN_COMMAND_BLOCKED.stream().anyMatch(pattern -> pattern.matcher(command).find())
      || RmCommand.in(command).stream().anyMatch(rm -> rm.recursive() && rm.force() && rm.absolute());
    if (blocked) {
      throw new ToolException(ErrorCode.DENIED, BLOCKED_MESSAGE);
    }
  }
}
