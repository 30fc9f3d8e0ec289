package dev.tunacode.host.cli;

import dev.tunacode.core.os.Posix;
import dev.tunacode.host.mcp.McpProtocol;
import dev.tunacode.host.mcp.McpStdio;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The host as an MCP server on stdin and stdout, for a client that starts its servers as processes.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
  description = {"Starts the host on the workspace and serves its tools over MCP on stdin and",
    "stdout, one JSON-RPC message a line (logs go to stderr), until stdin ends or",
    "the process is stopped. Read-only calls run in parallel, and the calls a",
    "client sends at once keep their order (docs/mcp.md). tunahost serve offers",
    "the same server at /mcp, over Streamable HTTP."},
  footer = {"", "Examples:", "  tunahost mcp",
    "  tunahost mcp --workspace ~/src/myproject",
    "", "A client's configuration (Claude Code's .mcp.json):",
    "  {\"mcpServers\":{\"tunacode\":{\"command\":\"/path/to/tunahost\",\"args\":[\"mcp\",\"--workspace\",\"/path/to/project\"]}}}"})
final class McpCommand implements Callable<Integer> {

  /** 1 MiB, the most an unprivileged process may ask by default (fs.pipe-max-size). */
  private static final int STDOUT_PIPE_BYTES = 1 << 20;

  @Mixin
  HostMixin host;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (host.connect != null || host.timeoutSeconds != null || host.token != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "mcp starts a host of its own; --connect, --timeout and --token are for the other commands "
          + "(a running host serves MCP at /mcp)");
    }
    if (host.workspaces != null && host.workspaces.size() > 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
        "mcp serves one workspace: give --workspace once (a client that needs several starts one server each)");
    }
    // stdout carries the protocol alone: whatever else would print there (a plugin's println, a library's
    // banner) goes to stderr instead, and the protocol writes to the process's own descriptor.
    // A glob's answer is more than a megabyte: through the default 64 KiB pipe it took twenty-odd wake-ups of
    // both processes to cross.
    Posix.enlargePipe(1, STDOUT_PIPE_BYTES);
    OutputStream protocolOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out));
    System.setOut(System.err);
    HostRuntime runtime = host.start(true);
    try {
      Context context = runtime.host().coordinatorContext();
      McpProtocol protocol = new McpProtocol(runtime.vertx());
      Promise<Void> started = Promise.promise();
      context.runOnContext(v -> protocol.start().onComplete(started));
      started.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      int maxLine = new ServerOptions(runtime.config().getJsonObject("server", new JsonObject())).getMaxMessageBytes();
      // The process's own streams, not System.out: nothing but protocol may reach stdout.
      McpStdio stdio = new McpStdio(context, protocol, new java.io.BufferedInputStream(new FileInputStream(FileDescriptor.in)),
        protocolOut, maxLine, runtime.host()::lookAhead);
      // A client may end the process with TERM rather than by closing stdin.
      Thread closer = new Thread(() -> close(runtime), "tunahost-mcp-shutdown");
      Runtime.getRuntime().addShutdownHook(closer);
      stdio.serve(null).toCompletionStage().toCompletableFuture().join();
      Runtime.getRuntime().removeShutdownHook(closer);
    } finally {
      close(runtime);
    }
    return 0;
  }

  private static void close(HostRuntime runtime) {
    try {
      runtime.close();
    } catch (Exception ignored) {
      // the process is ending either way
    }
  }
}
