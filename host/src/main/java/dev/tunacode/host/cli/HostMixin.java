package dev.tunacode.host.cli;

import dev.tunacode.host.runtime.HostConfig;
import dev.tunacode.host.runtime.HostRuntime;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The options every command shares: where the workspace is, where plugins are, which config to use.
 */
final class HostMixin {

  @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace root; every path is resolved inside it. Default: the current folder.")
  Path workspace;

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
    if (url == null || url.isBlank()) {
      return new InProcessEndpoint(start(false), timeoutMs);
    }
    String given = token != null ? token : System.getenv("TUNACODE_TOKEN");
    return BridgeEndpoint.connect(url, given != null ? given : tokenInUrl(url), timeoutMs);
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

  Path workspaceRoot() {
    return (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
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
    HostRuntime runtime = HostRuntime.start(workspaceRoot(), pluginFolders(), HostConfig.choose(config, workspaceRoot()), System.getenv(),
      overrides);
    runtime.watchPlugins(serving);
    return runtime;
  }
}
