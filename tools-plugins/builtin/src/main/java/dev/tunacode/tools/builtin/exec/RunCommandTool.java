package dev.tunacode.tools.builtin.exec;

import dev.tunacode.tools.builtin.OutputSchemas;
import dev.tunacode.core.HostContext;
import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * {@code run_command}: runs a shell command in the workspace root. Unlike TunaCode's, it has a time limit
 * and never blocks an event loop.
 */
public final class RunCommandTool implements Tool {

  static final long DEFAULT_TIMEOUT_SECONDS = 120;
  static final long MAX_TIMEOUT_SECONDS = 300;

  private static final ToolSpec SPEC = new ToolSpec("run_command", ToolKind.EXECUTE,
    "Runs a shell command in the workspace root (timeout default 120 s) and returns its output.",
    ArgsSchema.object()
      .string("command", "The shell command to run.")
      .integer("timeout", "Timeout in seconds.", 1, MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS)
      .required("command")
      .build());

  private final HostContext context;
  private final ProcessRunner runner;

  public RunCommandTool(HostContext context) {
    this.context = context;
    this.runner = new ProcessRunner(context.io());
  }

  @Override
  public ToolSpec spec() {
    return SPEC;
  }

  @Override
  public JsonObject outputSchema() {
    return OutputSchemas.command();
  }

  @Override
  public Footprint footprint(JsonObject args) {
    return Footprint.everything();
  }

  @Override
  public long defaultTimeoutMs() {
    return (MAX_TIMEOUT_SECONDS + 10) * 1000;
  }

  @Override
  public Future<JsonObject> execute(ToolCall call) {
    String command = call.args().getString("command");
    ExecGuard.checkEnabled(context.config(), name());
    ExecGuard.checkRunCommand(command);
    long seconds = call.args().getLong("timeout", DEFAULT_TIMEOUT_SECONDS);
    long timeoutMs = Math.min(seconds * 1000, call.timeoutMs());
    return runner.run(command, context.workspace().root(), Map.of(), timeoutMs, true, call.cancellation(), call.progress())
      .map(outcome -> {
        String text = CommandText.runCommand(command, outcome, seconds);
        return CommandOutput.of(text, outcome, text.contains(CommandText.RUN_TRUNCATED));
      });
  }
}
