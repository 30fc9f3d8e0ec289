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
 * Lists the workspaces served, with their nodes.
 */
@Command(name = "workspaces", mixinStandardHelpOptions = true,
  description = {"Lists the workspaces served, each with the nodes that serve it, its folder there and how many calls",
    "each node has in hand (its load). With --connect to a gateway of a cluster, every node of the cluster; else",
    "the workspaces this host serves (--workspace ID=DIR for each)."},
  footer = {"", "Examples:", "  tunahost workspaces --connect http://127.0.0.1:7878", "  tunahost workspaces --workspace a=. --json"})
final class WorkspacesCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Option(names = "--json", description = "Print the whole tunacode.workspaces reply.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (Endpoint endpoint = host.endpoint()) {
      JsonObject reply = endpoint.request(Addresses.WORKSPACES, new JsonObject());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(reply.encodePrettily());
        return 0;
      }
      JsonArray workspaces = reply.getJsonArray("workspaces", new JsonArray());
      if (workspaces.isEmpty()) {
        out.println("No workspace is served.");
      }
      for (Object item : workspaces) {
        JsonObject workspace = (JsonObject) item;
        out.println(workspace.getString("id"));
        for (Object node : workspace.getJsonArray("nodes")) {
          JsonObject served = (JsonObject) node;
          out.printf("  %-36s load %-4d %s%n", served.getString("node"), served.getInteger("load"), served.getString("root"));
        }
      }
      return 0;
    }
  }
}
