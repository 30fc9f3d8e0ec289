package dev.tunacode.host.cli;

import dev.tunacode.host.runtime.HostRuntime;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Serves workspaces to a cluster, with no HTTP of its own.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
  description = {"Joins a cluster (--cluster) and serves its workspaces to it until stopped (Ctrl-C), with no HTTP of",
    "its own: clients reach it through a gateway (tunahost serve --cluster). Each --workspace ID=DIR is listed in the",
    "cluster's directory; a request naming \"workspace\":\"ID\" runs here or on another node serving the same id. Two",
    "workers given the same id must be given the same folder (a shared disk): reads are spread over them.",
    "See docs/cluster.md."},
  footer = {"", "Examples:",
    "  tunahost worker --cluster --cluster-port 5702 --cluster-members 127.0.0.1:5701 --workspace api=~/src/api",
    "  tunahost worker --cluster --workspace a=/srv/a --workspace b=/srv/b"})
final class WorkerCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Mixin
  ClusterMixin cluster;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (host.connect != null || host.timeoutSeconds != null || host.workspaceId != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
        "worker serves workspaces; --connect, --timeout and --workspace-id are for the commands that send calls");
    }
    HostRuntime runtime = host.start(true, cluster.overrides());
    JsonObject member = runtime.health().getJsonObject("cluster");
    if (!member.getBoolean("enabled")) {
      runtime.close();
      throw new CommandLine.ParameterException(spec.commandLine(), "A worker serves a cluster: give --cluster (or set "
        + "cluster.enabled), with --cluster-members to find it. To serve workspaces alone, use tunahost serve.");
    }
    UntilStopped stopped = new UntilStopped(runtime);
    PrintWriter out = spec.commandLine().getOut();
    out.println(memberLine(member, runtime));
    out.flush();
    stopped.await();
    return 0;
  }

  /** @return one line that says which cluster the host is in and what it serves there */
  static String memberLine(JsonObject member, HostRuntime runtime) {
    return "Member " + member.getString("nodeId") + " of cluster '" + member.getString("name") + "', "
      + member.getJsonArray("members").size() + " members now; " + workspacesLine(runtime);
  }

  /** @return {@code serving workspaces a (/srv/a), b (/srv/b)} */
  static String workspacesLine(HostRuntime runtime) {
    return "serving workspace" + (runtime.workspaces().size() == 1 ? " " : "s ") + runtime.workspaces().stream()
      .map(served -> served.id() + " (" + served.host().workspace().root() + ")").collect(Collectors.joining(", "));
  }
}
