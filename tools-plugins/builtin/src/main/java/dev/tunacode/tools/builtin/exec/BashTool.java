package dev.tunacode.tools.builtin.exec;

import dev.tunacode.tools.builtin.OutputSchemas;
import dev.tunacode.core.HostContext;
import dev.tunacode.core.spi.ArgsSchema;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolCall;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code bash}: runs a command through the shell, in the workspace, with a time limit.
 */
public final class BashTool implements Tool {

  static final long DEFAULT_TIMEOUT_SECONDS = 30;
  static final long MAX_TIMEOUT_SECONDS = 300;

  private static final ToolSpec SPEC = new ToolSpec("bash", ToolKind.EXECUTE,
    "Runs a bash command in the workspace (timeout 1-300 s, default 30) and returns its exit code and output.",
    ArgsSchema.object()
      .string("command", "The bash command to execute.")
      .string("cwd", "Working directory, inside the workspace. Default: the workspace root.")
      .field("env", "object", "Environment variables to set, as string pairs, over the host's environment.")
      .integer("timeout", "Timeout in seconds, from 1 to " + MAX_TIMEOUT_SECONDS + ".", DEFAULT_TIMEOUT_SECONDS)
      .bool("capture_output", "Whether to capture stdout and stderr.", true)
      .required("command")
      .build());

  private final HostContext context;
  private final ProcessRunner runner;

  public BashTool(HostContext context) {
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
    JsonObject args = call.args();
    String command = args.getString("command");
    ExecGuard.checkEnabled(context.config(), name());
    if (command.isBlank()) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Empty command not allowed");
    }
    ExecGuard.checkNoNul(name(), command);
    ExecGuard.checkBash(command);
    Map<String, String> env = env(args.getJsonObject("env"));
    long seconds = args.getLong("timeout", DEFAULT_TIMEOUT_SECONDS);
    if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Timeout must be between 1 and 300 seconds. "
        + "Use shorter timeouts for quick commands, longer for builds/tests.");
    }
    long timeoutMs = Math.min(seconds * 1000, call.timeoutMs());
    String cwdArg = args.getString("cwd");
    return context.io().run(() -> workingDirectory(cwdArg))
      .compose(cwd -> runner.run(command, cwd, env, timeoutMs, args.getBoolean("capture_output", true), call.cancellation(),
          call.progress())
        .map(outcome -> {
          // The folder as the agent named it, as TunaCode shows it; the workspace's own path when it named none.
          String text = CommandText.bash(command, cwdArg != null ? cwdArg : cwd.toString(), outcome, seconds);
          return CommandOutput.of(text, outcome, CommandText.bashCut(text));
        }));
  }

  private Path workingDirectory(String cwd) {
    if (cwd == null) {
      return context.workspace().root();
    }
    Path resolved = context.workspace().resolve(cwd);
    if (Files.exists(resolved) && !Files.isDirectory(resolved)) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Working directory '" + cwd + "' is a file, not a folder. "
        + "Give the folder it is in, or leave cwd out for the workspace root.");
    }
    if (!Files.isDirectory(resolved)) {
      throw new ToolException(ErrorCode.NOT_FOUND, "Working directory '" + cwd + "' does not exist. "
        + "Please verify the path or create the directory first.");
    }
    return resolved;
  }

  private static Map<String, String> env(JsonObject env) {
    Map<String, String> values = new HashMap<>();
    if (env == null) {
      return values;
    }
    for (Map.Entry<String, Object> entry : env) {
      if (!(entry.getValue() instanceof String value)) {
        throw new ToolException(ErrorCode.INVALID_ARGS, "Invalid arguments for bash: 'env' must only contain string pairs.");
      }
      String key = entry.getKey();
      if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
        throw new ToolException(ErrorCode.INVALID_ARGS, "Invalid arguments for bash: 'env' has " + (value.indexOf('\0') >= 0
          ? "a NUL character in the value of '" + key.replace("\0", "\\0") + "'" : "the name '" + key.replace("\0", "\\0")
          + "', which no variable can have") + ". Names are non-empty, without '=' or NUL; values are without NUL.");
      }
      values.put(key, value);
    }
    return values;
  }
}
