package dev.tunacode.host.cli;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one call.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
  description = {"Runs one tool call and prints its text.",
    "Exit code: 0 when the call succeeded, 1 when the tool failed (code and message on stderr), 2 on bad usage."},
  footer = {"", "Examples:",
    "  tunahost call read_file filepath=README.md offset=10 limit=20",
    "  tunahost call grep --args '{\"pattern\":\"TODO\",\"include_files\":\"*.java\"}' --json"})
final class CallCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Parameters(index = "0", paramLabel = "TOOL", description = "The tool to call (see: tunahost tools).")
  String tool;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Arguments; numbers and booleans follow the tool's schema.")
  List<String> pairs;

  @Option(names = "--args", paramLabel = "JSON", description = "Arguments as a JSON object; KEY=VALUE words are added over it.")
  String argsJson;

  @Option(names = "--json", description = "Print the whole result object instead of its text.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (Endpoint endpoint = host.endpoint()) {
      JsonObject args;
      try {
        args = ArgsParser.parse(pairs, argsJson, pairs == null || pairs.isEmpty() ? null : endpoint.schemaOf(tool));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      JsonObject result = endpoint.request(Addresses.CALL, new JsonObject().put("tool", tool).put("args", args),
        new LiveOutputPrinter(spec.commandLine().getErr()));
      if (json) {
        spec.commandLine().getOut().println(result.encodePrettily());
      } else if (result.getBoolean("ok", false)) {
        ResultPrinter.printText(spec.commandLine().getOut(), result);
      }
      if (!result.getBoolean("ok", false)) {
        ResultPrinter.printError(spec.commandLine().getErr(), result);
        return 1;
      }
      return 0;
    }
  }
}
