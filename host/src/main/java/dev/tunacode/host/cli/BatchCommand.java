package dev.tunacode.host.cli;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Runs a batch.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
  description = {"Runs a batch of calls, {\"calls\":[{\"tool\":..,\"args\":{..}},..]}, read from FILE or from stdin (-).",
    "Read-only calls overlap; calls that write run in order. Prints each result in call order, then one line of stats.",
    "Exit code: 0 when every call succeeded, 1 when any failed, 2 on bad usage."},
  footer = {"", "Example:",
    "  echo '{\"calls\":[{\"tool\":\"read_file\",\"args\":{\"filepath\":\"a.txt\"}},",
    "                {\"tool\":\"grep\",\"args\":{\"pattern\":\"TODO\"}}]}' | tunahost batch - --max-parallel 4"})
final class BatchCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Parameters(index = "0", paramLabel = "FILE|-", description = "The batch as JSON; - reads stdin.")
  String source;

  @Option(names = "--max-parallel", paramLabel = "N", description = "Run at most N calls at once (default: coordinator.maxParallel).")
  Integer maxParallel;

  @Option(names = "--json", description = "Print the whole reply (results and stats) as JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    JsonObject batch = readBatch();
    if (maxParallel != null) {
      if (maxParallel < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--max-parallel must be at least 1");
      }
      batch.put("maxParallel", maxParallel);
    }
    try (Endpoint endpoint = host.endpoint()) {
      JsonObject reply = endpoint.request(Addresses.BATCH, batch, new LiveOutputPrinter(spec.commandLine().getErr()));
      PrintWriter out = spec.commandLine().getOut();
      if (!reply.getBoolean("ok", false)) {
        if (json) {
          out.println(reply.encodePrettily());
        }
        ResultPrinter.printError(spec.commandLine().getErr(), reply);
        return 2;
      }
      if (json) {
        out.println(reply.encodePrettily());
      } else {
        JsonArray results = reply.getJsonArray("results");
        for (int i = 0; i < results.size(); i++) {
          ResultPrinter.printBatchResult(out, i, results.getJsonObject(i));
        }
        out.println(ResultPrinter.statsLine(reply.getJsonObject("stats")));
      }
      return reply.getJsonObject("stats").getInteger("errors") == 0 ? 0 : 1;
    }
  }

  private JsonObject readBatch() {
    String text;
    try {
      text = "-".equals(source) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
        : Files.readString(Path.of(source), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Cannot read the batch from " + source + ": " + e.getMessage());
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
        "The batch is not a JSON object: write {\"calls\":[{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}]}");
    }
  }
}
