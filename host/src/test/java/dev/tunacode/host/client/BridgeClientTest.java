package dev.tunacode.host.client;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.concurrent.ExecutionException;

import static dev.tunacode.host.testing.BridgeHost.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("BridgeClient")
class BridgeClientTest {

  // A small limit makes the host cut its replies into frames of 64 KiB, the smallest it uses.
  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options.setMaxMessageBytes(16 * 1024), new io.vertx.core.VertxOptions(),
    BridgeHost.largeOutputs());

  static final JsonObject GREP = new JsonObject().put("tool", "grep").put("args", new JsonObject().put("pattern", "line")
    .put("max_results", 200_000).put("include_files", "big.txt"));

  @BeforeAll
  static void bigFile() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int line = 0; line < 150_000; line++) {
      text.append("line ").append(line).append(": é ok \" \\\\ \n");
    }
    Files.writeString(HOST.workspace().resolve("big.txt"), text.toString());
  }

  @Test
  @DisplayName("takes a reply the host sent in many frames, with a text of over 20 million characters, exactly as an in-process "
    + "client gets it")
  void manyFrames() throws Exception {
    BridgeClient client = HOST.connect(new BridgeClientOptions());
    try {
      JsonObject reply = await(client.request("tunacode.call", GREP));

      assertThat(reply.getBoolean("ok")).as(reply.encode()).isTrue();
      assertThat(reply.getJsonObject("output").getString("text").length()).isGreaterThan(20_000_000);
      // All but the search's own timings.
      JsonObject output = reply.getJsonObject("output");
      JsonObject expected = HOST.inProcess("tunacode.call", GREP).getJsonObject("output");
      assertThat(output.remove("phases")).isNotNull();
      assertThat(expected.remove("phases")).isNotNull();
      assertThat(output).isEqualTo(expected);
    } finally {
      client.close();
    }
  }

  @Test
  @DisplayName("hands out messages in the order they came when a large one is read off the event loop: events, then the reply")
  void orderAroundLargeMessages() throws Exception {
    BridgeClient client = HOST.connect(new BridgeClientOptions());
    try {
      java.util.List<JsonObject> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      await(client.register("tunacode.events.order", events::add));
      JsonObject batch = new JsonObject().put("events", "tunacode.events.order").put("maxParallel", 1)
        // A grep no other test asks: a repeat would be answered from the cache, which streams no output.
        .put("calls", new io.vertx.core.json.JsonArray().add(GREP.copy().put("args", GREP.getJsonObject("args").copy()
            .put("context_lines", 1)))
          .add(new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "small"))));
      JsonObject reply = await(client.request("tunacode.batch", batch).map(done -> done.put("eventsBefore", events.size())));

      // The host publishes every event of a batch before its reply, and a search's output before its result.
      assertThat(reply.getInteger("eventsBefore")).as("every event came before the reply").isEqualTo(events.size());
      assertThat(events.stream().map(event -> event.getString("type") + " " + event.getValue("index")).distinct())
        .containsExactly("accepted null", "output 0", "result 0", "result 1");
      assertThat(events.stream().filter(event -> "result".equals(event.getString("type"))).findFirst().orElseThrow()
        .encode().length()).as("the first result is read off the loop").isGreaterThan(BridgeClient.PARSE_ON_LOOP_BYTES);
    } finally {
      client.close();
    }
  }

  @Test
  @DisplayName("fails a request with TIMEOUT when its reply does not come in time, and goes on serving the others")
  void timeout() throws Exception {
    BridgeClient client = HOST.connect(new BridgeClientOptions().setTimeoutMs(200));
    try {
      Throwable failure = catchThrowable(() -> await(client.request("tunacode.call", new JsonObject().put("tool", "sleep")
        .put("args", new JsonObject().put("ms", 3000)))));

      assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ReplyException.class)
        .hasMessage("No reply from the host within 200 ms; the request may still be running there.");
      assertThat(((ReplyException) failure.getCause()).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
      assertThat(await(client.request("tunacode.call", new JsonObject().put("tool", "echo")
        .put("args", new JsonObject().put("text", "still here")))).getJsonObject("output").getString("text")).isEqualTo("still here");
    } finally {
      client.close();
    }
  }

  @Test
  @DisplayName("fails its requests with the reason, rather than waiting for ever, when a reply is larger than it takes")
  void tooLarge() throws Exception {
    BridgeClient client = HOST.connect(new BridgeClientOptions().setMaxMessageBytes(65536));
    try {
      Throwable failure = catchThrowable(() -> await(client.request("tunacode.call", GREP)));

      assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class)
        .hasMessage("A message from the host is over 65536 bytes, the most this client takes.");
    } finally {
      client.close();
    }
  }
}
