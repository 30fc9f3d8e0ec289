package dev.tunacode.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tunahost}: runs the host, lists its tools, and runs calls and batches from the shell.
 */
@Command(name = "tunahost", mixinStandardHelpOptions = true, version = "tunahost " + dev.tunacode.host.runtime.HostRuntime.VERSION,
  description = "The TunaCode Tool Host: the tool layer of a coding agent, on a Vert.x event bus.",
  subcommands = {ServeCommand.class, McpCommand.class, WorkerCommand.class, ToolsCommand.class, PluginsCommand.class, WorkspacesCommand.class,
    CallCommand.class, BatchCommand.class,
    CommandLine.HelpCommand.class},
  footer = {"", "Examples:",
    "  tunahost serve                      serve the current folder",
    "  tunahost tools                      list the tools",
    "  tunahost call read_file filepath=README.md",
    "  echo '{\"calls\":[{\"tool\":\"glob\",\"args\":{\"pattern\":\"**/*.java\"}}]}' | tunahost batch -"})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    int code = commandLine.execute(args);
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(code);
  }

  /** @return the command line, for tests that run it in-process */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
      .setCaseInsensitiveEnumValuesAllowed(true)
      .setExecutionExceptionHandler(Main::failed);
  }

  // A wrong workspace, config or environment variable is the user's to fix: say what, not a stack trace.
  private static int failed(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    commandLine.getErr().println("tunahost: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    commandLine.getErr().flush();
    return e instanceof IllegalArgumentException ? 2 : 1;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a command, for example: tunahost serve");
  }
}
