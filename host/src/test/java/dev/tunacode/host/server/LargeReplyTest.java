package dev.tunacode.host.server;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static dev.tunacode.host.testing.BridgeHost.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A reply of tens of megabytes")
class LargeReplyTest {

  // A tenth of a second on an event loop is already a blocked thread here: encoding this reply there took
  // about a second.
  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options, new VertxOptions()
    .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
    .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS), BridgeHost.largeOutputs());

  static final JsonObject GREP = new JsonObject().put("tool", "grep").put("args", new JsonObject().put("pattern", "return")
    .put("max_results", 150_000).put("include_files", "big.java"));

  @BeforeAll
  static void bigTree() throws Exception {
    writeBigFile(HOST);
  }

  /** A file in which a grep for "return" finds 150,000 lines: a result of about 70 MB. */
  static void writeBigFile(BridgeHost host) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int line = 0; line < 150_000; line++) {
      text.append("  return value_").append(line).append("; // é \" \\\\\n");
    }
    Files.writeString(host.workspace().resolve("big.java"), text.toString());
  }

  @Test
  @DisplayName("is encoded off the event loop: the blocked-thread checker stays silent, and the client gets the exact result")
  void offTheEventLoop() throws Exception {
    BridgeClient client = HOST.connect();
    try {
      JsonObject reply = await(client.request("tunacode.call", GREP));
      JsonObject expected = HOST.inProcess("tunacode.call", GREP);

      assertThat(reply.encode().length()).isGreaterThan(30_000_000);
      assertThat(withoutTimings(reply)).isEqualTo(withoutTimings(expected));
    } finally {
      client.close();
    }
  }

  @Test
  @DisplayName("goes out as the bridge's own frames do: one binary message with type, address and body, in that order")
  void sameFrame() throws Exception {
    try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + BridgeHost.TOKEN)) {
      for (JsonObject call : new JsonObject[] {GREP, new JsonObject().put("tool", "echo").put("args", new JsonObject())}) {
        socket.sendText(new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "f1")
          .put("body", call).encode());
        WireSocket.Message message = socket.next();

        // Read as text: the large one holds a string longer than Vert.x's own parser takes.
        assertThat(message.opcode()).isEqualTo(WireSocket.BINARY);
        assertThat(message.text()).startsWith("{\"type\":\"rec\",\"address\":\"f1\",\"body\":{\"id\":\"0\"").endsWith("}}")
          .doesNotContain("\"replyAddress\"", "\"headers\"");
      }
    }
  }

  /** @return the result less what differs between two runs of it: its timing, phases and callId */
  static JsonObject withoutTimings(JsonObject result) {
    JsonObject copy = result.copy();
    copy.remove("timing");
    copy.remove("callId");
    copy.getJsonObject("output").remove("phases");
    return copy;
  }
}
