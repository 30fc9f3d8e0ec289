package dev.tunacode.tools.builtin.exec;

import io.vertx.core.json.JsonObject;

/**
 * The structured output both command tools return beside their text.
 */
final class CommandOutput {

  private CommandOutput() {
  }

  static JsonObject of(String text, CommandOutcome outcome, boolean textCut) {
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
