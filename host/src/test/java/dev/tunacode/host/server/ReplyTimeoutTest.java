package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.tunacode.host.server.OutstandingTest.next;
import static dev.tunacode.host.server.OutstandingTest.send;
import static dev.tunacode.host.server.OutstandingTest.sleep;
import static dev.tunacode.host.server.OutstandingTest.untilServed;
import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("server.replyTimeoutMs, at 200 ms with one request outstanding at most")
class ReplyTimeoutTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options.setMaxOutstanding(1).setReplyTimeoutMs(200));

  @Test
  @DisplayName("answers a request the host has not answered in time with TIMEOUT, and counts it no more")
  void timeout() throws Exception {
    try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      socket.sendText(send("tunacode.call", sleep(3000), "t1"));
      JsonObject timedOut = next(socket);
      socket.sendText(send("tunacode.tools", new JsonObject(), "t2"));
      JsonObject next = next(socket);

      assertThat(timedOut.getString("type")).isEqualTo("err");
      assertThat(timedOut.getString("address")).isEqualTo("t1");
      assertThat(timedOut.getString("failureType")).isEqualTo("TIMEOUT");
      assertThat(next.getString("type")).isEqualTo("rec");
      assertThat(next.getString("address")).isEqualTo("t2");
    }
  }

  @Test
  @DisplayName("keeps to itself the TIMEOUT of a request sent without a reply address, and counts it no more")
  void timeoutWithoutReplyAddress() throws Exception {
    try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      socket.sendText(send("tunacode.call", sleep(3000), null));

      List<JsonObject> seen = untilServed(socket);

      assertThat(seen).allSatisfy(frame -> assertThat(frame.getString("address")).as(frame.encode()).startsWith("p"));
    }
  }
}
