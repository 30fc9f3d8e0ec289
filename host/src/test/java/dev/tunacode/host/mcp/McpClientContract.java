package dev.tunacode.host.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an MCP client sees of the host, through the protocol's own Java SDK: a subclass says how the
 * client reaches the host (Streamable HTTP, stdio). The host serves the built-in tools and the probes
 * ({@code probe}, {@code probe_write}, {@code probe_exec}), which report when they started and ended.
 */
abstract class McpClientContract {

  /** @return a transport to a host serving {@link #workspace()} */
  protected abstract McpClientTransport transport() throws Exception;

  /** @return the folder the host serves */
  protected abstract Path workspace();

  /** @return the plugin folder the host watches */
  protected abstract Path plugins();

  /** Waits until the host runs this many calls of the tool: a later request then surely arrives after them. */
  protected abstract void awaitRunning(String tool, int count) throws Exception;

  protected RecordingTransport recording;
  protected McpSyncClient client;
  protected final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
  protected final List<List<String>> toolLists = new CopyOnWriteArrayList<>();

  @BeforeEach
  void connect() throws Exception {
    recording = new RecordingTransport(transport());
    client = McpClient.sync(recording).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
      .clientInfo(McpSchema.Implementation.builder("tunacode-test", "1.0").build())
      .progressConsumer(progress::add)
      // On notifications/tools/list_changed the client lists the tools again and hands the list here.
      .toolsChangeConsumer(tools -> toolLists.add(tools.stream().map(McpSchema.Tool::name).toList()))
      // The client checks each result's structuredContent against the tool's outputSchema.
      .enableCallToolSchemaCaching(true)
      .build();
    client.initialize();
  }

  @AfterEach
  void disconnect() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(McpSchema.CallToolResult result) {
    return (Map<String, Object>) result.structuredContent();
  }

  @Test
  @DisplayName("initialize with the latest revision and list every tool with its schemas and truthful hints")
  void listTools() {
    McpSchema.InitializeResult init = client.getCurrentInitializationResult();
    List<McpSchema.Tool> tools = client.listTools().tools();

    assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
    assertThat(init.serverInfo().name()).isEqualTo("tunacode-host");
    assertThat(tools.stream().map(McpSchema.Tool::name)).containsExactly("bash", "glob", "grep", "list_dir", "probe",
      "probe_exec", "probe_write", "read_file", "run_command", "update_file", "write_file");
    Map<String, McpSchema.ToolAnnotations> hints = new java.util.HashMap<>();
    tools.forEach(tool -> hints.put(tool.name(), tool.annotations()));
    for (String reader : List.of("read_file", "grep", "glob", "list_dir", "probe")) {
      assertThat(hints.get(reader).readOnlyHint()).as(reader).isTrue();
      assertThat(hints.get(reader).openWorldHint()).as(reader).isFalse();
    }
    assertThat(hints.get("write_file")).isEqualTo(new McpSchema.ToolAnnotations("Write file", false, false, true, false, null));
    assertThat(hints.get("update_file")).isEqualTo(new McpSchema.ToolAnnotations("Update file", false, true, false, false, null));
    assertThat(hints.get("probe_write")).isEqualTo(new McpSchema.ToolAnnotations("Probe write", false, true, false, false, null));
    assertThat(hints.get("bash")).isEqualTo(new McpSchema.ToolAnnotations("Bash", false, true, false, true, null));
    McpSchema.Tool readFile = tools.stream().filter(tool -> tool.name().equals("read_file")).findFirst().orElseThrow();
    assertThat(readFile.inputSchema().get("required")).isEqualTo(List.of("filepath"));
    assertThat(readFile.outputSchema()).containsKey("properties");
  }

  @Test
  @DisplayName("tell the client when a plugin jar dropped in brings tools, and when its removal takes them away")
  void toolListChanges() throws Exception {
    Path jar = plugins().resolve("examples.jar");
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), jar);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> toolLists.stream().anyMatch(names -> names.contains("echo")));
      McpSchema.CallToolResult echoed = call("echo", Map.of("text", "from a plugin"));
      assertThat(text(echoed)).isEqualTo("from a plugin");
    } finally {
      Files.delete(jar);
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !toolLists.get(toolLists.size() - 1).contains("echo"));
    assertThat(toolLists.get(toolLists.size() - 1)).contains("read_file", "probe");
  }

  @Test
  @DisplayName("call each built-in tool and give its text as content and its other fields as structuredContent")
  void everyBuiltInTool() throws Exception {
    McpSchema.CallToolResult wrote = call("write_file", Map.of("filepath", "notes.txt", "content", "alpha\nbeta\n"));
    McpSchema.CallToolResult read = call("read_file", Map.of("filepath", "notes.txt"));
    McpSchema.CallToolResult updated = call("update_file", Map.of("filepath", "notes.txt", "target", "beta", "patch", "gamma"));
    McpSchema.CallToolResult listed = call("list_dir", Map.of());
    McpSchema.CallToolResult globbed = call("glob", Map.of("pattern", "*.txt"));
    McpSchema.CallToolResult grepped = call("grep", Map.of("pattern", "gamma"));
    McpSchema.CallToolResult bash = call("bash", Map.of("command", "cat notes.txt | wc -l"));
    McpSchema.CallToolResult command = call("run_command", Map.of("command", "echo ran"));

    assertThat(List.of(wrote, read, updated, listed, globbed, grepped, bash, command)).allSatisfy(result ->
      assertThat(result.isError()).as(text(result)).isFalse());
    assertThat(text(wrote)).isEqualTo("Successfully wrote to new file: notes.txt");
    assertThat(structured(wrote)).containsEntry("bytes", 11);
    assertThat(structured(read)).containsEntry("content", "alpha\nbeta\n").containsEntry("totalLines", 2);
    assertThat(text(updated)).isEqualTo("File 'notes.txt' updated successfully.");
    assertThat(Files.readString(workspace().resolve("notes.txt"))).isEqualTo("alpha\ngamma\n");
    assertThat(((List<?>) structured(listed).get("entries")).stream().map(entry -> (Object) ((Map<?, ?>) entry).get("name")))
      .contains("notes.txt");
    assertThat(structured(globbed).get("files")).isEqualTo(List.of("notes.txt"));
    assertThat(structured(grepped).get("files")).isEqualTo(List.of("notes.txt"));
    assertThat(structured(bash)).containsEntry("exitCode", 0).containsEntry("stdout", "2");
    assertThat(structured(command).get("stdout")).isEqualTo("ran");
  }

  @Test
  @DisplayName("answer a failing call as a result with isError and the tool's message, and an unknown tool as a protocol error")
  void errors() {
    McpSchema.CallToolResult missing = call("read_file", Map.of("filepath", "missing.txt"));
    McpSchema.CallToolResult badArgs = call("read_file", Map.of("file", "x"));

    assertThat(missing.isError()).isTrue();
    assertThat(text(missing)).isEqualTo("Error: File not found at 'missing.txt'.");
    assertThat(missing.meta()).containsEntry("dev.tunacode/error", Map.of("code", "NOT_FOUND",
      "message", "Error: File not found at 'missing.txt'."));
    assertThat(badArgs.isError()).isTrue();
    assertThat(text(badArgs)).startsWith("Invalid arguments for read_file: Unknown argument 'file'.");
    assertThatThrownBy(() -> call("no_such_tool", Map.of())).isInstanceOfSatisfying(McpError.class, e -> {
      assertThat(e.getJsonRpcError().code()).isEqualTo(-32602);
      assertThat(e.getJsonRpcError().message()).startsWith("Unknown tool: 'no_such_tool'.");
    });
  }

  @Test
  @DisplayName("send a running command's output as progress, with the client's token, before the result")
  void progress() {
    McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("bash")
      .arguments(Map.of("command", "for i in 1 2 3; do echo line$i; sleep 0.2; done")).progressToken("tok-7").build());

    assertThat(result.isError()).isFalse();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !progress.isEmpty());
    assertThat(progress).allSatisfy(each -> assertThat(each.progressToken()).isEqualTo("tok-7"));
    assertThat(progress.stream().map(McpSchema.ProgressNotification::message).reduce("", String::concat))
      .contains("line1", "line2", "line3");
    assertThat(progress.stream().map(McpSchema.ProgressNotification::progress)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("cancel a running command on notifications/cancelled: it is answered CANCELLED and its process stops")
  void cancel() throws Exception {
    CompletableFuture<McpSchema.CallToolResult> running = CompletableFuture.supplyAsync(() ->
      call("bash", Map.of("command", "echo $$ > pid.txt; sleep 20; touch finished.txt", "timeout", 60)));
    awaitRunning("bash", 1);
    // Started is not yet running its script: a process takes some milliseconds to exec here.
    Path pid = workspace().resolve("pid.txt");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pid) && Files.size(pid) > 0);
    recording.cancel(recording.callIds.get(0), "the user pressed stop");
    McpSchema.CallToolResult result = running.get(30, TimeUnit.SECONDS);

    assertThat(result.isError()).isTrue();
    assertThat(((Map<?, ?>) result.meta().get("dev.tunacode/error")).get("code")).isEqualTo("CANCELLED");
    assertThat(text(result)).startsWith("The command was cancelled while it ran");
    Path shell = Path.of("/proc", Files.readString(pid).trim());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(shell));
    assertThat(workspace().resolve("finished.txt")).doesNotExist();
  }

  @Test
  @DisplayName("overlap two reads sent at once, and hold a write of one of their files until its read has ended")
  void readsOverlapAndAWriteWaits() throws Exception {
    Files.writeString(workspace().resolve("x.txt"), "x0");
    Files.writeString(workspace().resolve("y.txt"), "y0");
    CompletableFuture<McpSchema.CallToolResult> readX = CompletableFuture.supplyAsync(() ->
      call("probe", Map.of("path", "x.txt", "ms", 600)));
    CompletableFuture<McpSchema.CallToolResult> readY = CompletableFuture.supplyAsync(() ->
      call("probe", Map.of("path", "y.txt", "ms", 600)));
    awaitRunning("probe", 2);
    McpSchema.CallToolResult write = call("probe_write", Map.of("path", "x.txt", "content", "x1"));
    McpSchema.CallToolResult x = readX.get(30, TimeUnit.SECONDS);
    McpSchema.CallToolResult y = readY.get(30, TimeUnit.SECONDS);

    assertThat(List.of(text(x), text(y), text(write))).containsExactly("x0", "y0", "wrote x.txt");
    assertThat(nanos(x, "startNanos")).as("the reads overlapped").isLessThan(nanos(y, "endNanos"));
    assertThat(nanos(y, "startNanos")).as("the reads overlapped").isLessThan(nanos(x, "endNanos"));
    assertThat(nanos(write, "startNanos")).as("the write waited for the read of its file").isGreaterThanOrEqualTo(nanos(x, "endNanos"));
    assertThat(Files.readString(workspace().resolve("x.txt"))).isEqualTo("x1");
  }

  private static long nanos(McpSchema.CallToolResult result, String field) {
    return ((Number) structured(result).get(field)).longValue();
  }
}
