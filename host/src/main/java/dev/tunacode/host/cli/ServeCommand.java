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
import java.util.concurrent.CountDownLatch;

/**
 * Runs the host and its HTTP server until it is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
  description = {"Starts the host on the workspace and serves it until stopped (Ctrl-C):",
    "the event-bus bridge for agents at /eventbus (SockJS) and /eventbus/websocket (raw WebSocket),",
    "the web console at /, /health and /metrics (Prometheus). Prints the console's URL with its token,",
    "then the plugin folders it watches: a jar dropped in is served within a second or so, a jar replaced",
    "is swapped (calls running finish on the old one), a jar deleted is unloaded (plugins.watch)."},
  footer = {"", "Examples:", "  tunahost serve",
    "  tunahost serve --workspace ~/src/myproject --port 0 --plugins ~/my-plugins",
    "  TUNACODE_TOKEN=$(cat ~/.tunacode/token) tunahost serve --host 127.0.0.1 --port 7878"})
final class ServeCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "The address to listen on. Default: 127.0.0.1 (server.host, TUNACODE_HOST).")
  String listenHost;

  @Option(names = "--port", paramLabel = "PORT", description = "The port; 0 picks a free one. Default: 7878 (server.port, TUNACODE_PORT).")
  Integer port;

  @Option(names = "--cluster", description = "Join (or form) a cluster of hosts over Hazelcast; see docs/cluster.md. "
    + "Default: off (cluster.enabled).")
  boolean cluster;

  @Option(names = "--cluster-name", paramLabel = "NAME", description = "Only hosts of the same cluster name join each other. "
    + "Default: tunacode (cluster.name).")
  String clusterName;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS", description = "The address this host listens on for the other "
    + "members, and that they reach it at. Default: 127.0.0.1 (cluster.host).")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "The port for the other members. Default: 5701 (cluster.port).")
  Integer clusterPort;

  @Option(names = "--cluster-members", paramLabel = "HOST:PORT", split = ",", description = "Members to look for when "
    + "joining, such as 10.0.0.2:5701,10.0.0.3:5701. Default: this host's own address (cluster.members).")
  java.util.List<String> clusterMembers;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (host.connect != null || host.timeoutSeconds != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "serve starts a host; --connect and --timeout are for the other commands");
    }
    HostRuntime runtime = host.start(true, clusterOverrides());
    ServerOptions server;
    try {
      server = serverOptions(runtime.config());
    } catch (IllegalArgumentException e) {
      runtime.close();
      throw e;
    }
    String accessToken = server.getToken() != null ? server.getToken() : Tokens.generate();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.close();
      } catch (Exception ignored) {
        // the process is ending either way
      } finally {
        stopped.countDown();
      }
    }, "tunahost-shutdown"));
    WebServer web = runtime.serve(server, accessToken);
    PrintWriter out = spec.commandLine().getOut();
    JsonObject health = runtime.health();
    out.println(startLine(runtime, web, health));
    out.println(watchLine(runtime));
    JsonObject cluster = health.getJsonObject("cluster");
    if (cluster.getBoolean("enabled")) {
      out.println("Member " + cluster.getString("nodeId") + " of cluster '" + cluster.getString("name") + "', "
        + cluster.getJsonArray("members").size() + " members now; workspaces are not routed between them yet (docs/cluster.md)");
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

  private JsonObject clusterOverrides() {
    JsonObject cluster = new JsonObject();
    if (this.cluster) {
      cluster.put("enabled", true);
    }
    if (clusterName != null) {
      cluster.put("name", clusterName);
    }
    if (clusterHost != null) {
      cluster.put("host", clusterHost);
    }
    if (clusterPort != null) {
      cluster.put("port", clusterPort);
    }
    if (clusterMembers != null) {
      cluster.put("members", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(clusterMembers)));
    }
    return cluster.isEmpty() ? new JsonObject() : new JsonObject().put("cluster", cluster);
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
