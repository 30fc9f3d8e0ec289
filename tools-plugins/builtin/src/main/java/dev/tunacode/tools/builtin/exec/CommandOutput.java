package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonObject;

/**
 * The structured output both command tools return beside their text.
 */
final class CommandOutput {

  private CommandOutput() {
  }

  /**
   * @return the output, or, for a command that was cancelled, the {@code CANCELLED} failure that carries it
   * @throws ToolException {@code CANCELLED}, with the output so far
   */
  static JsonObject of(String text, CommandOutcome outcome, boolean textCut) {
    JsonObject output = fields(text, outcome, textCut);
    if (outcome.cancelled()) {
      output.put("cancelled", true);
      throw new ToolException(ErrorCode.CANCELLED, "The command was cancelled while it ran: " + CommandText.KILLED
        + " Its output until then is in the result's output.", output);
    }
    return output;
  }

  private static JsonObject fields(String text, CommandOutcome outcome, boolean textCut) {
    return new JsonObject()
      .put("text", text)
      .put("exitCode", outcome.exitCode())
      .put("stdout", outcome.stdout().text())
      .put("stderr", outcome.stderr().text())
      .put("stdoutBytes", outcome.stdout().bytes())
      .put("stderrBytes", outcome.stderr().bytes())
      .put("timedOut", outcome.timedOut())
      .put("truncated", textCut || outcome.truncated());
  }
}
