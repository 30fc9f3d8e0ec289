package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("A client that does not read a command's live output")
class SlowEventsReaderTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();

  static final long PRINTED = 200_000_000;

  @Test
  @DisplayName("is sent what it can take and told how much was left out; the host does not hold the 200 MB the command printed, and the result still comes")
  void dropsWhatWaits() throws Exception {
    String events = "tunacode.events." + UUID.randomUUID();
    String done = "printed-" + UUID.randomUUID();
    try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      socket.sendText(new JsonObject().put("type", "register").put("address", events).encode());
      socket.sendText(new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "r1")
        .put("body", new JsonObject().put("tool", "bash").put("events", events).put("args", new JsonObject()
          .put("command", "head -c " + PRINTED + " /dev/zero | tr '\\0' a; touch " + done))).encode());
      // Reading nothing until the command has printed everything: what the host did not drop waits in it.
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(HOST.workspace().resolve(done)));

      long received = 0;
      long skipped = 0;
      JsonObject result = null;
      while (result == null) {
        JsonObject frame = new JsonObject(socket.next().text());
        JsonObject body = frame.getJsonObject("body");
        if ("r1".equals(frame.getString("address"))) {
          result = body;
        } else if ("output".equals(body.getString("type"))) {
          received += body.getString("data").length();
          skipped += body.getLong("skipped", 0L);
        }
      }
      assertThat(result.getJsonObject("output").getInteger("exitCode")).as(result.encode()).isZero();
      assertThat(received).as("characters that reached the client").isLessThan(PRINTED / 10);
      assertThat(skipped).as("what the client was told was left out").isPositive();
      assertThat(received + skipped).as("what was sent and what was left out cover what was printed")
        .isLessThanOrEqualTo(PRINTED);
    }
  }
}
