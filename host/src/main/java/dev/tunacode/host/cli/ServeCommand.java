package dev.tunacode.host.cli;

import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.Tokens;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Runs the host and its HTTP server until it is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
  description = {"Starts the host on the workspace and serves it until stopped (Ctrl-C); --workspace ID=DIR, repeated,",
    "serves several, which requests name with \"workspace\":\"ID\". It serves",
    "the event-bus bridge for agents at /eventbus (SockJS) and /eventbus/websocket (raw WebSocket),",
    "the web console at /, /health and /metrics (Prometheus). Prints the console's URL with its token,",
    "then the plugin folders it watches: a jar dropped in is served within a second or so, a jar replaced",
    "is swapped (calls running finish on the old one), a jar deleted is unloaded (plugins.watch).",
    "With --cluster it is a gateway of a cluster (docs/cluster.md): a request naming \"workspace\":\"ID\" runs on a",
    "node that serves that workspace, this one or a worker (tunahost worker)."},
  footer = {"", "Examples:", "  tunahost serve",
    "  tunahost serve --workspace ~/src/myproject --port 0 --plugins ~/my-plugins",
    "  TUNACODE_TOKEN=$(cat ~/.tunacode/token) tunahost serve --host 127.0.0.1 --port 7878",
    "  tunahost serve --workspace api=~/src/api --workspace web=~/src/web",
    "  tunahost serve --cluster --cluster-port 5701 --workspace ~/src/shared"})
final class ServeCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to listen on. Default: 127.0.0.1 (server.host, TUNACODE_HOST).")
  String listenHost;

  @Option(names = "--port", paramLabel = "PORT", description = "The port; 0 picks a free one. Default: 7878 (server.port, TUNACODE_PORT).")
  Integer port;

  @Mixin
  ClusterMixin cluster;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (host.connect != null || host.timeoutSeconds != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "serve starts a host; --connect and --timeout are for the other commands");
    }
    HostRuntime runtime = host.start(true, cluster.overrides());
    ServerOptions server;
    try {
      server = serverOptions(runtime.config());
    } catch (IllegalArgumentException e) {
      runtime.close();
      throw e;
    }
    String accessToken = server.getToken() != null ? server.getToken() : Tokens.generate();
    UntilStopped stopped = new UntilStopped(runtime);
    WebServer web = runtime.serve(server, accessToken);
    PrintWriter out = spec.commandLine().getOut();
    JsonObject health = runtime.health();
    out.println(startLine(runtime, web, health));
    out.println(watchLine(runtime));
    JsonObject member = health.getJsonObject("cluster");
    if (member.getBoolean("enabled")) {
      out.println(WorkerCommand.memberLine(member, runtime));
    } else if (runtime.workspaces().size() > 1) {
      out.println(WorkerCommand.workspacesLine(runtime));
    }
    out.flush();
    // Refused plugins too: a jar that loaded but whose tools are not served is as failed as one that did not load.
    health.getJsonArray("plugins").stream().map(JsonObject.class::cast)
      .filter(plugin -> "failed".equals(plugin.getString("state")))
      .forEach(plugin -> spec.commandLine().getErr().println("plugin " + plugin.getString("name") + " not loaded ("
        + plugin.getString("source") + "): " + plugin.getString("error")));
    spec.commandLine().getErr().flush();
    stopped.await();
    return 0;
  }

  private ServerOptions serverOptions(JsonObject config) {
    ServerOptions server = new ServerOptions(config.getJsonObject("server", new JsonObject()));
    if (listenHost != null) {
      server.setHost(listenHost);
    }
    if (port != null) {
      server.setPort(port);
    }
    if (host.token != null) {
      server.setToken(host.token);
    }
    return server;
  }

  private static String watchLine(HostRuntime runtime) {
    String folders = runtime.pluginFolders().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "));
    if (folders.isEmpty()) {
      return "No plugin folder is read (see the log for why); only the built-in tools are served";
    }
    return runtime.watchesPlugins() ? "Watching for plugin jars in " + folders + ": drop a jar in to add its tools, replace or delete it to swap or remove them"
      : "Plugin jars were read once from " + folders + " (plugins.watch is false)";
  }

  private static String startLine(HostRuntime runtime, WebServer web, JsonObject health) {
    int tools = runtime.host().registry().all().size();
    long plugins = health.getJsonArray("plugins").stream()
      .filter(plugin -> "loaded".equals(((JsonObject) plugin).getString("state"))).count();
    return "TunaCode host serving " + tools + " tools from " + plugins + " plugins on " + runtime.host().workspace().root()
      + " at " + web.consoleUrl() + " · Ctrl-C to stop";
  }
}
