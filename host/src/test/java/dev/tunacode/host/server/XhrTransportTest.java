package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import dev.tunacode.host.testing.LoggedProblems;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("SockJS over HTTP (XHR streaming and polling)")
class XhrTransportTest {

  // 16 KiB messages: sends are read up to 64 KiB.
  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options.setMaxMessageBytes(16 * 1024));
  @RegisterExtension
  final LoggedProblems logged = new LoggedProblems();

  static String session() {
    return "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8);
  }

  static BridgeHost.Response post(String path, String body) throws Exception {
    return HOST.request(HttpMethod.POST, path, Map.of(), body);
  }

  @Test
  @DisplayName("takes a send and answers it on the next poll")
  void sendAndPoll() throws Exception {
    String session = session();
    assertThat(post(session + "/xhr?token=" + TOKEN, null).body()).isEqualTo("o\n");
    String send = new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "x1")
      .put("body", new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "over http"))).encode();

    BridgeHost.Response sent = post(session + "/xhr_send?token=" + TOKEN, new JsonArray().add(send).encode());
    BridgeHost.Response polled = post(session + "/xhr?token=" + TOKEN, null);

    assertThat(sent.status()).isEqualTo(204);
    assertThat(polled.status()).isEqualTo(200);
    assertThat(polled.headers().get("Connection")).as("SockJS closes the connection after a poll").isEqualTo("close");
    JsonObject reply = new JsonObject(new JsonArray(polled.body().substring(1).trim()).getString(0));
    assertThat(reply.getString("address")).isEqualTo("x1");
    assertThat(reply.getJsonObject("body").getJsonObject("output").getString("text")).isEqualTo("over http");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"xhr", "xhr_streaming", "xhr_send"})
  @DisplayName("needs the token on every request, since a session is reached by its id alone")
  void needsToken(String transport) throws Exception {
    BridgeHost.Response refused = post(session() + "/" + transport, "[]");

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body()).isEqualTo("This host needs a token: give it as ?token= on the SockJS URL, or in the "
      + "X-TunaCode-Token header.\n");
  }

  @Test
  @DisplayName("refuses a foreign Origin with 403, token or not, as on the WebSocket")
  void foreignOrigin() throws Exception {
    BridgeHost.Response refused = HOST.request(HttpMethod.POST, session() + "/xhr_streaming?token=" + TOKEN,
      Map.of("Origin", "http://evil.example"), null);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.headers().get("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  @DisplayName("answers a send over four times the message limit with 413 and a reason")
  void sendTooLarge() throws Exception {
    String session = session();
    post(session + "/xhr?token=" + TOKEN, null);

    BridgeHost.Response refused = post(session + "/xhr_send?token=" + TOKEN, new JsonArray().add("x".repeat(65537)).encode());

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.body()).isEqualTo("This host reads at most 65536 bytes in one send; send messages of at most 16384 "
      + "bytes, fewer at once.\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"eventsource", "htmlfile?c=callback", "jsonp?c=callback"})
  @DisplayName("serves none of SockJS's script and event-stream transports")
  void otherTransports(String transport) throws Exception {
    assertThat(HOST.get(session() + "/" + transport + (transport.contains("?") ? "&" : "?") + "token=" + TOKEN).status())
      .isEqualTo(404);
  }

  @Test
  @DisplayName("a client that resets its stream is no error: nothing is logged at WARN or ERROR")
  void resetStream() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", HOST.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + session() + "/xhr_streaming?token=" + TOKEN + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
      await().atMost(Duration.ofSeconds(10)).until(() -> HOST.server().connections() == 1);
      socket.setSoLinger(true, 0);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> HOST.server().connections() == 0);

    assertThat(logged.all()).isEmpty();
  }
}
