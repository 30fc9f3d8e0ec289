package dev.tunacode.host.cli;

import dev.tunacode.host.plugin.LoadedPlugin;
import dev.tunacode.host.runtime.HostRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the host until it is stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
  description = "Starts the host on the workspace and serves tool calls on the event bus until stopped (Ctrl-C).",
  footer = {"", "Example:", "  tunahost serve --workspace ~/src/myproject --plugins ~/my-plugins"})
final class ServeCommand implements Callable<Integer> {

  @Mixin
  HostMixin host;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HostRuntime runtime = host.start();
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
    PrintWriter out = spec.commandLine().getOut();
    out.println(startLine(runtime));
    out.flush();
    for (LoadedPlugin failed : runtime.plugins()) {
      if (failed.error() != null) {
        spec.commandLine().getErr().println("plugin " + failed.displayName() + " not loaded: " + failed.error());
      }
    }
    spec.commandLine().getErr().flush();
    stopped.await();
    return 0;
  }

  private static String startLine(HostRuntime runtime) {
    int tools = runtime.host().registry().all().size();
    long plugins = runtime.plugins().stream().filter(p -> p.plugin() != null).count();
    return "TunaCode host serving " + tools + " tools from " + plugins + " plugins on " + runtime.host().workspace().root()
      + " · event bus: tunacode.tools, tunacode.call, tunacode.batch · Ctrl-C to stop";
  }
}
