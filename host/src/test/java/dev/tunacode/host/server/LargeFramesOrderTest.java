package dev.tunacode.host.server;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.tunacode.host.server.LargeReplyTest.GREP;
import static dev.tunacode.host.testing.BridgeHost.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Large frames keep their place among a connection's frames")
class LargeFramesOrderTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options, new io.vertx.core.VertxOptions(), BridgeHost.largeOutputs());

  @BeforeAll
  static void bigTree() throws Exception {
    LargeReplyTest.writeBigFile(HOST);
  }

  @Test
  @DisplayName("a batch's events, the large one encoded on a worker, come before its reply, and whole")
  void eventsBeforeReply() throws Exception {
    BridgeClient client = HOST.connect();
    try {
      List<String> arrived = new CopyOnWriteArrayList<>();
      List<JsonObject> events = new CopyOnWriteArrayList<>();
      await(client.register("tunacode.events.order-1", event -> {
        // The grep's matches also come as output while it runs; this is about the results and the reply.
        if (!"output".equals(event.getString("type"))) {
          events.add(event);
          arrived.add("result".equals(event.getString("type")) ? "event " + event.getInteger("index") : event.getString("type"));
        }
      }));
      JsonObject batch = new JsonObject().put("events", "tunacode.events.order-1").put("calls", new JsonArray().add(GREP)
        .add(new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "small"))));

      JsonObject reply = await(client.request("tunacode.batch", batch).onSuccess(done -> arrived.add("reply")));
      await().atMost(Duration.ofSeconds(20)).until(() -> arrived.size() >= 4);

      assertThat(arrived).hasSize(4);
      assertThat(arrived.get(0)).isEqualTo("accepted");
      assertThat(arrived.subList(1, 3)).containsExactlyInAnyOrder("event 0", "event 1");
      assertThat(arrived.get(3)).isEqualTo("reply");
      JsonObject grepEvent = events.stream().filter(event -> "result".equals(event.getString("type")) && event.getInteger("index") == 0)
        .findFirst().orElseThrow();
      JsonObject grepResult = reply.getJsonArray("results").getJsonObject(0);
      assertThat(grepEvent.getJsonObject("output")).isEqualTo(grepResult.getJsonObject("output"));
    } finally {
      client.close();
    }
  }
}
