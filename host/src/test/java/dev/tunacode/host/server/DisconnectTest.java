package dev.tunacode.host.server;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.testing.BridgeHost;
import dev.tunacode.host.testing.LoggedProblems;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static dev.tunacode.host.testing.BridgeHost.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("A client that goes away without closing")
class DisconnectTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();
  @RegisterExtension
  final LoggedProblems logged = new LoggedProblems();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/eventbus/websocket", "/eventbus/000/abcdefgh/websocket"})
  @DisplayName("is no error: a reset while its call runs logs nothing at WARN or ERROR, and the host serves the next client")
  void resetMidRequest(String path) throws Exception {
    boolean sockJs = !path.endsWith("/eventbus/websocket");
    try (WireSocket socket = WireSocket.open(HOST.port(), path + "?token=" + TOKEN)) {
      assertThat(socket.status).isEqualTo(101);
      if (sockJs) {
        assertThat(socket.next().text()).as("SockJS's open frame").isEqualTo("o");
      }
      String send = new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "r1")
        .put("body", new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 200))).encode();
      socket.sendText(sockJs ? new io.vertx.core.json.JsonArray().add(send).encode() : send);
      await().atMost(Duration.ofSeconds(10)).until(() -> HOST.server().connections() == 1);
      socket.abort();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> HOST.server().connections() == 0);

    assertThat(echo("after")).isEqualTo("after");
    assertThat(logged.all()).isEmpty();
  }

  @Test
  @DisplayName("is no error: a reset halfway through a WebSocket frame or an upgrade request logs nothing at WARN or ERROR")
  void resetMidFrame() throws Exception {
    try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> HOST.server().connections() == 1);
      socket.frame(WireSocket.TEXT, false, "{\"type\":\"send\",".getBytes(StandardCharsets.UTF_8));
      socket.abort();
    }
    try (Socket half = new Socket("127.0.0.1", HOST.port())) {
      OutputStream out = half.getOutputStream();
      out.write(("GET /eventbus/websocket?token=" + TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: web")
        .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      half.setSoLinger(true, 0);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> HOST.server().connections() == 0);

    assertThat(echo("after")).isEqualTo("after");
    assertThat(logged.all()).isEmpty();
  }

  private static String echo(String text) throws Exception {
    BridgeClient client = HOST.connect();
    try {
      return await(client.request("tunacode.call", new JsonObject().put("tool", "echo")
        .put("args", new JsonObject().put("text", text)))).getJsonObject("output").getString("text");
    } finally {
      client.close();
    }
  }
}
