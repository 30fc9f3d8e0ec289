package dev.tunacode.host.cli;

import dev.tunacode.host.runtime.HostConfig;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.runtime.WorkspaceSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The options every command shares: where the workspace is, where plugins are, which config to use.
 */
final class HostMixin {

  @Option(names = "--workspace", paramLabel = "[ID=]DIR", description = "The workspace root; every path is resolved inside it. "
    + "Repeat it as ID=DIR to serve several workspaces, each named by its id (DIR alone is the workspace 'default'). "
    + "Default: the current folder.")
  List<String> workspaces;

  @Option(names = "--workspace-id", paramLabel = "ID", description = "Send the requests to the workspace of this id, on a host "
    + "or cluster that serves several. Default: 'default', or the only one served.")
  String workspaceId;

  @Option(names = "--plugins", paramLabel = "DIR", description = "Load plugin jars from DIR only. Default: plugins/ under the workspace, then ~/.tunacode/plugins.")
  Path plugins;

  @Option(names = "--config", paramLabel = "FILE", description = "The host configuration (JSON, see docs/configuration.md). Default: config/host.json under the workspace if it exists, else built-in defaults.")
  Path config;

  @Option(names = "--connect", paramLabel = "URL", description = "Send to a running host at URL (as tunahost serve printed it) "
    + "over its bridge, instead of starting one here. Default: TUNACODE_URL.")
  String connect;

  @Option(names = "--token", paramLabel = "TOKEN", description = "With --connect, the running host's token (default: "
    + "TUNACODE_TOKEN, or the token in the URL); with serve, the token clients must give (default: server.token, "
    + "TUNACODE_TOKEN, or a new random one).")
  String token;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the host's reply before giving up "
    + "with exit code 1. Default: " + Timeouts.DEFAULT_SECONDS + ".")
  Long timeoutSeconds;

  /** @return the endpoint the command talks to: a running host with --connect, else one started here */
  Endpoint endpoint() throws Exception {
    long timeoutMs = TimeUnit.SECONDS.toMillis(timeoutSeconds());
    String url = connect != null ? connect : System.getenv("TUNACODE_URL");
    if (workspaceId != null && dev.tunacode.core.workspace.Workspace.checkId(workspaceId) != null) {
      throw new IllegalArgumentException("--workspace-id: " + dev.tunacode.core.workspace.Workspace.checkId(workspaceId));
    }
    Endpoint endpoint;
    if (url == null || url.isBlank()) {
      endpoint = new InProcessEndpoint(start(false), timeoutMs);
    } else {
      String given = token != null ? token : System.getenv("TUNACODE_TOKEN");
      endpoint = BridgeEndpoint.connect(url, given != null ? given : tokenInUrl(url), timeoutMs);
    }
    return workspaceId == null ? endpoint : new NamedWorkspace(endpoint, workspaceId);
  }

  private long timeoutSeconds() {
    if (timeoutSeconds == null) {
      return Timeouts.DEFAULT_SECONDS;
    }
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second, was " + timeoutSeconds);
    }
    return timeoutSeconds;
  }

  private static String tokenInUrl(String url) {
    int at = url.indexOf("token=");
    if (at < 0) {
      return null;
    }
    int end = url.indexOf('&', at);
    return url.substring(at + 6, end < 0 ? url.length() : end);
  }

  /** @return the workspaces to serve, as --workspace named them, or the current folder as 'default' */
  List<WorkspaceSpec> workspaceSpecs() {
    if (workspaces == null || workspaces.isEmpty()) {
      return List.of(WorkspaceSpec.ofDefault(Path.of("")));
    }
    return workspaces.stream().map(WorkspaceSpec::parse).toList();
  }

  /** @return the first workspace's root, where plugins/ and config/host.json are looked for */
  Path workspaceRoot() {
    return workspaceSpecs().get(0).root();
  }

  List<Path> pluginFolders() {
    if (plugins != null) {
      return List.of(plugins.toAbsolutePath());
    }
    return List.of(workspaceRoot().resolve("plugins"), Path.of(System.getProperty("user.home"), ".tunacode", "plugins"));
  }

  /** @param serving true for serve, whose plugin folders are watched unless plugins.watch is false */
  HostRuntime start(boolean serving) throws Exception {
    return start(serving, new io.vertx.core.json.JsonObject());
  }

  /** @param overrides merged over the configuration, as a command's own options are */
  HostRuntime start(boolean serving, io.vertx.core.json.JsonObject overrides) throws Exception {
    HostRuntime runtime = HostRuntime.start(workspaceSpecs(), pluginFolders(), HostConfig.choose(config, workspaceRoot()),
      System.getenv(), overrides);
    runtime.watchPlugins(serving);
    return runtime;
  }
}
