package dev.tunacode.tools.builtin.exec;

/**
 * The texts the command tools show a model, as TunaCode formats them.
 */
final class CommandText {

  static final int BASH_LIMIT = 5000;
  static final int BASH_KEEP = 4900;
  static final String BASH_TRUNCATED = "\n\n[... output truncated ...]";
  static final int RUN_LIMIT = 5000;
  static final int RUN_HEAD = 2500;
  static final int RUN_TAIL = 1000;
  static final String RUN_TRUNCATED = "\n...\n[truncated]\n...\n";
  /** How a command past its time limit was stopped: nothing more of its script ran. */
  static final String KILLED = "It was killed: the shell at once, so that nothing more of the command ran, and every "
    + "process it started.";

  private CommandText() {
  }

  /** bash: the command, exit code, folder, then both streams; cut to 4,900 characters past 5,000. */
  static String bash(String command, String cwd, CommandOutcome outcome, long timeoutSeconds) {
    StringBuilder text = new StringBuilder();
    header(text, command, outcome, timeoutSeconds);
    text.append("Command: ").append(command).append('\n')
      .append("Exit Code: ").append(outcome.exitCode()).append('\n')
      .append("Working Directory: ").append(cwd).append("\n\n")
      .append("STDOUT:\n").append(orElse(outcome.stdout(), "(no output)")).append("\n\n")
      .append("STDERR:\n").append(orElse(outcome.stderr(), "(no errors)"));
    return text.length() > BASH_LIMIT ? text.substring(0, BASH_KEEP) + BASH_TRUNCATED : text.toString();
  }

  /** run_command: both streams; past 5,000 characters the first 2,500 and the last 1,000. */
  static String runCommand(String command, CommandOutcome outcome, long timeoutSeconds) {
    StringBuilder text = new StringBuilder();
    header(text, command, outcome, timeoutSeconds);
    text.append("STDOUT:\n").append(orElse(outcome.stdout(), "No output.")).append("\n\n")
      .append("STDERR:\n").append(orElse(outcome.stderr(), "No errors."));
    if (text.length() <= RUN_LIMIT) {
      return text.toString();
    }
    return text.substring(0, RUN_HEAD) + RUN_TRUNCATED + text.substring(text.length() - RUN_TAIL);
  }

  static boolean bashCut(String text) {
    return text.endsWith(BASH_TRUNCATED);
  }

  private static void header(StringBuilder text, String command, CommandOutcome outcome, long timeoutSeconds) {
    if (outcome.timedOut()) {
      text.append(timedOut(command, timeoutSeconds)).append("\n\n");
    } else if (outcome.cancelled()) {
      text.append("Command cancelled before it finished: ").append(command).append('\n').append(KILLED).append("\n\n");
    }
  }

  private static String timedOut(String command, long seconds) {
    return "Command timed out after " + seconds + " seconds: " + command
      + "\nConsider using a longer timeout or breaking the command into smaller parts."
      + "\n" + KILLED;
  }

  private static String orElse(CapturedText captured, String empty) {
    return captured.isEmpty() ? empty : captured.text();
  }
}
