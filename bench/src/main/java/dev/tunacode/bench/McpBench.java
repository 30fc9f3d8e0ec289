package dev.tunacode.bench;

import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The host's MCP server beside the reference filesystem server ({@code @modelcontextprotocol/server-filesystem},
 * its {@code read_text_file} and {@code search_files}): 200 reads of small files one at a time and all at
 * once, over stdio for both and over our Streamable HTTP, and a glob of {@code **}{@code /*.java} on the JDK
 * tree. The servers are driven by bare JSON-RPC clients ({@link McpDrivers}), the same for all, and again
 * through the MCP Java SDK's client, to show what an SDK client adds. Rounds alternate between the servers;
 * medians.
 *
 * <p>Arguments: the JDK tree, the host jar, the reference server's command.
 */
public final class McpBench {

  private static final int READS = 200;
  private static final int ROUNDS = 7;
  private static final int GLOB_ROUNDS = 5;
  private static final String TOKEN = "mcp-bench-token-0123456789abcdef";

  private McpBench() {
  }

  /** One server as a client reaches it: how a read of a file is asked, and how calls are sent. */
  private record Server(String name, String readTool, Function<String, Map<String, Object>> args, Caller caller) {
  }

  private interface Caller {
    CompletableFuture<Boolean> call(String tool, Map<String, Object> arguments);
  }

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]).toAbsolutePath();
    String hostJar = Path.of(args[1]).toAbsolutePath().toString();
    String reference = Path.of(args[2]).toAbsolutePath().toString();
    Path small = Files.createTempDirectory("mcp-bench");
    for (int i = 0; i < READS; i++) {
      Files.writeString(small.resolve("f" + i + ".txt"), ("line " + i + " of a small file\n").repeat(40));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> ours = new ArrayList<>(List.of(java, "-XX:+UseParallelGC"));
    // MCP_BENCH_SERVER_OPTS: JVM options for our stdio server, such as a flight recording to profile it.
    String serverOptions = System.getenv("MCP_BENCH_SERVER_OPTS");
    if (serverOptions != null && !serverOptions.isBlank()) {
      ours.addAll(List.of(serverOptions.trim().split("\\s+")));
    }
    ours.addAll(List.of("-jar", hostJar, "mcp", "--workspace", small.toString(), "--plugins", small.resolve("no-plugins").toString()));
    Function<String, Map<String, Object>> theirRead = path -> Map.of("path", small.resolve(path).toString());
    Function<String, Map<String, Object>> ourRead = path -> Map.of("filepath", path);
    try (HostRuntime runtime = HostRuntime.start(small, List.of(), new JsonObject());
         McpDrivers.Stdio theirStdio = new McpDrivers.Stdio(List.of(reference, small.toString()));
         McpDrivers.Stdio ourStdio = new McpDrivers.Stdio(ours)) {
      WebServer web = runtime.serve(new ServerOptions().setPort(0), TOKEN);
      try (McpDrivers.Http ourHttp = new McpDrivers.Http(runtime.vertx(), web.port(), TOKEN)) {
        System.out.printf("%d read calls of %,d-byte files, calls/s, median of %d rounds (each server's ratio to the reference):%n",
          READS, Files.size(small.resolve("f0.txt")), ROUNDS);
        System.out.println(" a bare JSON-RPC client:");
        compare(List.of(
          new Server("reference server, stdio", "read_text_file", theirRead, raw(theirStdio)),
          new Server("ours, stdio", "read_file", ourRead, raw(ourStdio)),
          new Server("ours, Streamable HTTP", "read_file", ourRead, raw(ourHttp))));
        System.out.println(" the same client's ping instead of a read (the transport's floor):");
        compare(List.of(
          new Server("reference server, stdio", "ping", theirRead, ping(theirStdio)),
          new Server("ours, stdio", "ping", ourRead, ping(ourStdio)),
          new Server("ours, Streamable HTTP", "ping", ourRead, ping(ourHttp))));
      }
    }
    McpAsyncClient theirSdk = sdk(ServerParameters.builder(reference).args(small.toString()).build());
    McpAsyncClient ourSdk = sdk(ServerParameters.builder(java).args(ours.subList(1, ours.size())).build());
    System.out.println(" the MCP Java SDK's client (2.1.0), over stdio:");
    compare(List.of(
      new Server("reference server, stdio", "read_text_file", theirRead, sdk(theirSdk)),
      new Server("ours, stdio", "read_file", ourRead, sdk(ourSdk))));
    theirSdk.closeGracefully().block(Duration.ofSeconds(30));
    ourSdk.closeGracefully().block(Duration.ofSeconds(30));
    glob(corpus, hostJar, reference, java);
  }

  private static void compare(List<Server> servers) {
    double[][] sequential = new double[servers.size()][ROUNDS];
    double[][] concurrent = new double[servers.size()][ROUNDS];
    for (int round = -2; round < ROUNDS; round++) {
      for (int s = 0; s < servers.size(); s++) {
        double one = sequential(servers.get(s));
        double all = concurrent(servers.get(s));
        if (round >= 0) {
          sequential[s][round] = one;
          concurrent[s][round] = all;
        }
      }
    }
    for (int s = 0; s < servers.size(); s++) {
      System.out.printf("  %-24s one at a time %,8.0f (%4.1f×)   all at once %,8.0f (%4.1f×)%n", servers.get(s).name(),
        Stats.median(sequential[s]), Stats.median(sequential[s]) / Stats.median(sequential[0]),
        Stats.median(concurrent[s]), Stats.median(concurrent[s]) / Stats.median(concurrent[0]));
    }
  }

  private static double sequential(Server server) {
    long t0 = System.nanoTime();
    for (int i = 0; i < READS; i++) {
      check(server.caller().call(server.readTool(), server.args().apply("f" + i + ".txt")).join(), server);
    }
    return READS / ((System.nanoTime() - t0) / 1e9);
  }

  private static double concurrent(Server server) {
    List<CompletableFuture<Boolean>> calls = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < READS; i++) {
      calls.add(server.caller().call(server.readTool(), server.args().apply("f" + i + ".txt")));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    double rate = READS / ((System.nanoTime() - t0) / 1e9);
    calls.forEach(call -> check(call.join(), server));
    return rate;
  }

  private static void check(boolean ok, Server server) {
    if (!ok) {
      throw new IllegalStateException(server.name() + ": a read failed");
    }
  }

  private static Caller raw(McpDrivers.Driver driver) {
    return (tool, arguments) -> driver.call(tool, arguments).thenApply(response ->
      response.getJsonObject("result") != null && !response.getJsonObject("result").getBoolean("isError", false));
  }

  private static Caller ping(McpDrivers.Driver driver) {
    return (tool, arguments) -> driver.ping().thenApply(response -> response.getJsonObject("result") != null);
  }

  private static Caller sdk(McpAsyncClient client) {
    return (tool, arguments) -> client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build())
      .map(result -> !Boolean.TRUE.equals(result.isError())).toFuture();
  }

  private static McpAsyncClient sdk(ServerParameters command) {
    StdioClientTransport transport = new StdioClientTransport(command, McpJsonDefaults.getMapper());
    transport.setStdErrorHandler(line -> { });
    McpAsyncClient client = McpClient.async(transport).requestTimeout(Duration.ofMinutes(5))
      .initializationTimeout(Duration.ofMinutes(2)).build();
    client.initialize().block(Duration.ofMinutes(2));
    return client;
  }

  // Ours twice: as it runs (its result cache answers the repeats) and with the cache off, every glob walked.
  private static void glob(Path corpus, String hostJar, String reference, String java) throws Exception {
    Path noCache = Files.createTempFile("tunacode-no-cache", ".json");
    Files.writeString(noCache, "{\"cache\":{\"enabled\":false}}");
    List<String> ours = List.of(java, "-XX:+UseParallelGC", "-jar", hostJar, "mcp", "--workspace", corpus.toString(),
      "--plugins", corpus.resolve("no-plugins").toString());
    List<String> oursUncached = new ArrayList<>(ours);
    oursUncached.addAll(List.of("--config", noCache.toString()));
    try (McpDrivers.Stdio theirs = new McpDrivers.Stdio(List.of(reference, corpus.toString()));
         McpDrivers.Stdio cached = new McpDrivers.Stdio(ours);
         McpDrivers.Stdio uncached = new McpDrivers.Stdio(oursUncached)) {
      double[] theirMs = new double[GLOB_ROUNDS];
      double[] ourMs = new double[GLOB_ROUNDS];
      double[] uncachedMs = new double[GLOB_ROUNDS];
      int theirFiles = 0;
      int ourFiles = 0;
      Map<String, Object> ourArgs = Map.of("pattern", "**/*.java", "max_results", 1_000_000);
      for (int round = -1; round < GLOB_ROUNDS; round++) {
        long t0 = System.nanoTime();
        JsonObject their = theirs.call("search_files", Map.of("path", corpus.toString(), "pattern", "**/*.java"))
          .get(5, TimeUnit.MINUTES).getJsonObject("result");
        long t1 = System.nanoTime();
        JsonObject our = cached.call("glob", ourArgs).get(5, TimeUnit.MINUTES).getJsonObject("result");
        long t2 = System.nanoTime();
        uncached.call("glob", ourArgs).get(5, TimeUnit.MINUTES);
        long t3 = System.nanoTime();
        if (round >= 0) {
          theirMs[round] = (t1 - t0) / 1e6;
          ourMs[round] = (t2 - t1) / 1e6;
          uncachedMs[round] = (t3 - t2) / 1e6;
        }
        theirFiles = their.getJsonArray("content").getJsonObject(0).getString("text").split("\n").length;
        ourFiles = our.getJsonObject("structuredContent").getJsonArray("files", new JsonArray()).size();
      }
      System.out.printf("glob **/*.java on the JDK tree over stdio (%,d files found by the reference, %,d by ours), median of %d:%n",
        theirFiles, ourFiles, GLOB_ROUNDS);
      System.out.printf("  reference search_files %,9.1f ms   ours glob %,8.1f ms   (%.1f× faster; repeats answered from the cache)%n",
        Stats.median(theirMs), Stats.median(ourMs), Stats.median(theirMs) / Stats.median(ourMs));
      System.out.printf("  ours with cache.enabled false %,8.1f ms   (%.1f× faster; every glob walks the tree)%n",
        Stats.median(uncachedMs), Stats.median(theirMs) / Stats.median(uncachedMs));
    } finally {
      Files.deleteIfExists(noCache);
    }
  }
}
