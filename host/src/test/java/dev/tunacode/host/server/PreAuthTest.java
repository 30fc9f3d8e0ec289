package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A connection that has not yet given its token")
class PreAuthTest {

  @RegisterExtension
  static final BridgeHost QUICK = new BridgeHost(options -> options.setAuthWindowMs(300));
  // The window is long so that the two connections below still wait when the third comes.
  @RegisterExtension
  static final BridgeHost FEW = new BridgeHost(options -> options.setMaxUnauthenticated(2).setAuthWindowMs(120_000));

  @Test
  @DisplayName("is closed with 4001 and a message that says how to give it when it sends nothing in server.authWindowMs")
  void silentIsCut() throws Exception {
    try (WireSocket socket = WireSocket.open(QUICK.port(), "/eventbus/websocket")) {
      assertThat(socket.status).isEqualTo(101);
      WireSocket.Message close = socket.awaitClose();
      assertThat(close.closeCode()).isEqualTo(4001);
      assertThat(close.reason()).isEqualTo("No token within 300 ms. Give it as ?token=, in a header, or in your first message.");
    }
  }

  @Test
  @DisplayName("is not cut once it gave its token in its first message")
  void tokenInFirstMessageStays() throws Exception {
    try (WireSocket socket = WireSocket.open(QUICK.port(), "/eventbus/websocket")) {
      socket.sendText(echo("r1", "first", true));
      assertThat(replyText(socket)).isEqualTo("first");
      Thread.sleep(600); // past the window: the timer that fires now must leave an authenticated connection alone
      socket.sendText(echo("r2", "second", false));
      assertThat(replyText(socket)).isEqualTo("second");
    }
  }

  @Test
  @DisplayName("waits with at most server.maxUnauthenticated others; connections with a token are never counted")
  void boundedCrowd() throws Exception {
    List<WireSocket> waiting = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        waiting.add(WireSocket.open(FEW.port(), "/eventbus/websocket"));
      }
      awaitConnections(2);
      try (WireSocket third = WireSocket.open(FEW.port(), "/eventbus/websocket")) {
        assertThat(third.awaitClose().opcode()).as("the third is refused").isEqualTo(WireSocket.CLOSE);
      }
      try (WireSocket withToken = WireSocket.open(FEW.port(), "/eventbus/websocket?token=" + TOKEN)) {
        withToken.sendText(echo("r1", "token in the URL", false));
        assertThat(replyText(withToken)).isEqualTo("token in the URL");
      }

      waiting.get(0).sendText(echo("r1", "now known", true));
      assertThat(replyText(waiting.get(0))).isEqualTo("now known");
      try (WireSocket next = WireSocket.open(FEW.port(), "/eventbus/websocket")) {
        next.sendText(echo("r1", "a place was free", true));
        assertThat(replyText(next)).isEqualTo("a place was free");
      }

      waiting.remove(1).close();
      awaitConnections(1);
      try (WireSocket afterClose = WireSocket.open(FEW.port(), "/eventbus/websocket")) {
        afterClose.sendText(echo("r1", "a closed one frees its place", true));
        assertThat(replyText(afterClose)).isEqualTo("a closed one frees its place");
      }
    } finally {
      for (WireSocket socket : waiting) {
        socket.close();
      }
    }
  }

  private static void awaitConnections(int count) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
      .until(() -> FEW.server().connections() == count);
  }

  private static String echo(String replyAddress, String text, boolean token) {
    JsonObject send = new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", replyAddress)
      .put("body", new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", text)));
    if (token) {
      send.put("headers", new JsonObject().put("token", TOKEN));
    }
    return send.encode();
  }

  private static String replyText(WireSocket socket) throws Exception {
    WireSocket.Message message = socket.next();
    assertThat(message.opcode()).as("a reply, not a close: %s", message.reason()).isNotEqualTo(WireSocket.CLOSE);
    return new JsonObject(message.text()).getJsonObject("body").getJsonObject("output").getString("text");
  }
}
