package dev.tunacode.host.mcp;

import dev.tunacode.host.runtime.HostRuntime;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** MCP over stdio in process, for what its reading thread does besides reading: looking calls up ahead. */
@DisplayName("MCP over stdio, looking calls up on the thread that reads them")
@Timeout(60)
class McpStdioLookAheadTest {

  @TempDir
  Path root;
  private HostRuntime runtime;
  private PipedOutputStream stdin;
  private BufferedReader stdout;
  private Future<Void> served;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(root.resolve("notes.txt"), "alpha\n");
    runtime = HostRuntime.start(root, List.of(), new JsonObject());
  }

  @AfterEach
  void stop() throws Exception {
    if (stdin != null) {
      stdin.close();
      served.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    runtime.close();
  }

  private void serve(BiConsumer<String, JsonObject> lookAhead) throws Exception {
    Context context = runtime.host().coordinatorContext();
    McpProtocol protocol = new McpProtocol(runtime.vertx());
    Promise<Void> started = Promise.promise();
    context.runOnContext(v -> protocol.start().onComplete(started));
    started.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    stdin = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(stdin, 1 << 16);
    PipedInputStream answers = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(answers);
    stdout = new BufferedReader(new InputStreamReader(answers, StandardCharsets.UTF_8));
    served = new McpStdio(context, protocol, in, out, 1 << 20, lookAhead).serve(null);
    send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
      + "\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}");
    assertThat(answer().getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  private void send(String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private JsonObject answer() throws Exception {
    String line = stdout.readLine();
    assertThat(line).as("an answer on stdout").isNotNull();
    return new JsonObject(line);
  }

  private static String read(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"read_file\","
      + "\"arguments\":{\"filepath\":\"notes.txt\"}}}";
  }

  @Test
  @DisplayName("go on reading and answering when looking a call up ahead fails, even with an Error")
  void failingLookAhead() throws Exception {
    serve((tool, args) -> {
      throw new Error("a system call failed");
    });
    send(read(1));
    JsonObject call = answer();
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    JsonObject ping = answer();

    assertThat(call.getInteger("id")).isEqualTo(1);
    assertThat(call.getJsonObject("result").getBoolean("isError")).isFalse();
    assertThat(call.getJsonObject("result").getJsonObject("structuredContent").getString("content")).isEqualTo("alpha\n");
    assertThat(ping.getInteger("id")).isEqualTo(2);
    assertThat(ping.getJsonObject("result")).isEqualTo(new JsonObject());
  }

  @Test
  @DisplayName("look each tools/call up with its tool and arguments as sent, and serve what an edit sent before it wrote")
  void looksUpEachCall() throws Exception {
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    serve((tool, args) -> {
      asked.add(tool + " " + args.encode());
      runtime.host().lookAhead(tool, args);
    });
    send(read(1));
    assertThat(answer().getJsonObject("result").getJsonObject("structuredContent").getString("content")).isEqualTo("alpha\n");
    send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"update_file\",\"arguments\":"
      + "{\"filepath\":\"notes.txt\",\"target\":\"alpha\",\"patch\":\"beta\"}}}");
    send(read(3));
    JsonObject write = answer();
    JsonObject after = answer();

    assertThat(write.getJsonObject("result").getBoolean("isError")).as("%s", write).isFalse();
    assertThat(after.getInteger("id")).isEqualTo(3);
    assertThat(after.getJsonObject("result").getJsonObject("structuredContent").getString("content")).isEqualTo("beta\n");
    assertThat(asked).containsExactly("read_file {\"filepath\":\"notes.txt\"}",
      "update_file {\"filepath\":\"notes.txt\",\"target\":\"alpha\",\"patch\":\"beta\"}",
      "read_file {\"filepath\":\"notes.txt\"}");
  }
}
