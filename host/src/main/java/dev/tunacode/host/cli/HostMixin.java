package dev.tunacode.host.cli;

import dev.tunacode.host.runtime.HostConfig;
import dev.tunacode.host.runtime.HostRuntime;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

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

  Path workspaceRoot() {
    return (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
  }

  List<Path> pluginFolders() {
    if (plugins != null) {
      return List.of(plugins.toAbsolutePath());
    }
    return List.of(workspaceRoot().resolve("plugins"), Path.of(System.getProperty("user.home"), ".tunacode", "plugins"));
  }

  HostRuntime start() throws Exception {
    return HostRuntime.start(workspaceRoot(), pluginFolders(), HostConfig.choose(config, workspaceRoot()), System.getenv());
  }
}
