package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("server.maxOutstanding, at 2")
class OutstandingTest {

  static final String REFUSED = "This connection already has 2 requests the host has not finished, the most allowed. "
    + "Wait for replies before sending more.";

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options.setMaxOutstanding(2));

  static String send(String address, JsonObject body, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body);
    return (replyAddress == null ? frame : frame.put("replyAddress", replyAddress)).encode();
  }

  static JsonObject sleep(int ms) {
    return new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", ms));
  }

  @Test
  @DisplayName("counts a send without a reply address until the host has finished it, and never shows the client its reply")
  void sendsWithoutReplyAddress() throws Exception {
    try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      socket.sendText(send("tunacode.call", sleep(1000), null));
      socket.sendText(send("tunacode.call", sleep(1000), null));
      socket.sendText(send("tunacode.tools", new JsonObject(), "c"));
      socket.sendText(send("tunacode.call", sleep(1), null));

      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal("c", 429, REFUSED));
      assertThat(next(socket)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal(null, 429, REFUSED));
      assertThat(next(socket)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));

      List<JsonObject> seen = untilServed(socket);
      assertThat(seen).allSatisfy(frame -> assertThat(frame.getString("address")).as(frame.encode()).startsWith("p"));
    }
  }

  @Test
  @DisplayName("lets a connection at its limit cancel what holds it there")
  void cancelAtTheLimit() throws Exception {
    try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      socket.sendText(send("tunacode.call", sleep(60_000), "s1"));
      socket.sendText(send("tunacode.call", sleep(60_000), "s2"));
      socket.sendText(send("tunacode.cancel", new JsonObject(), "c"));

      java.util.Map<String, JsonObject> replies = new java.util.HashMap<>();
      while (replies.size() < 3) {
        JsonObject frame = next(socket);
        replies.put(frame.getString("address"), frame.getJsonObject("body"));
      }
      assertThat(replies.get("c").getInteger("cancelled")).isEqualTo(2);
      assertThat(replies.get("s1").getJsonObject("error").getString("code")).isEqualTo("CANCELLED");
      assertThat(replies.get("s2").getJsonObject("error").getString("code")).isEqualTo("CANCELLED");
    }
  }

  /** Sends tunacode.tools until the host takes one; @return every frame seen on the way */
  static List<JsonObject> untilServed(WireSocket socket) {
    List<JsonObject> seen = new ArrayList<>();
    AtomicInteger attempt = new AtomicInteger();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
      String replyAddress = "p" + attempt.incrementAndGet();
      socket.sendText(send("tunacode.tools", new JsonObject(), replyAddress));
      JsonObject frame = next(socket);
      seen.add(frame);
      if ("rec".equals(frame.getString("type"))) {
        return true;
      }
      assertThat(frame).isEqualTo(ErrorFrames.refusal(replyAddress, frame.getInteger("failureCode"), frame.getString("message")));
      assertThat(next(socket)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
      return false;
    });
    return seen;
  }

  static JsonObject next(WireSocket socket) throws IOException {
    return new JsonObject(socket.next().text());
  }
}
