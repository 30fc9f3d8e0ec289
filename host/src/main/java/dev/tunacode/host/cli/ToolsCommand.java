package dev.tunacode.host.cli;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Lists the tools.
 */
@Command(name = "tools", mixinStandardHelpOptions = true,
  description = "Lists the tools with their kinds and a one-line description each.",
  footer = {"", "Example:", "  tunahost tools --plugins ./plugins"})
final class ToolsCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Option(names = "--json", description = "Print the whole tunacode.tools reply, schemas included.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (Endpoint endpoint = host.endpoint()) {
      JsonObject reply = endpoint.request(Addresses.TOOLS, new JsonObject());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(reply.encodePrettily());
        return 0;
      }
      JsonArray tools = reply.getJsonArray("tools");
      int width = 4;
      for (int i = 0; i < tools.size(); i++) {
        width = Math.max(width, tools.getJsonObject(i).getString("name").length());
      }
      for (int i = 0; i < tools.size(); i++) {
        JsonObject tool = tools.getJsonObject(i);
        out.printf("%-" + width + "s  %-9s  %s%n", tool.getString("name"), tool.getString("kind"), tool.getString("description"));
      }
      return 0;
    }
  }
}
