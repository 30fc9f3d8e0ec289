package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import dev.tunacode.host.testing.LoggedProblems;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.Map;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The bridge's size limits, at the default server.maxMessageBytes of 1 MiB")
class SizeLimitTest {

  static final int MIB = 1024 * 1024;
  static final String CUT_OFF = "Over 4194304 bytes; this host takes messages of at most 1048576 bytes.";

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();
  @RegisterExtension
  final LoggedProblems logged = new LoggedProblems();

  /** @return a send of an echo call to reply address {@code replyAddress} that is exactly {@code bytes} long */
  static String echoOf(int bytes, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", replyAddress)
      .put("body", new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "")));
    int text = bytes - frame.encode().length();
    frame.getJsonObject("body").getJsonObject("args").put("text", "x".repeat(text));
    String encoded = frame.encode();
    assertThat(encoded).hasSize(bytes);
    return encoded;
  }

  @Test
  @DisplayName("server.maxMessageBytes takes 1024 to 16 MiB, below the longest string Jackson reads")
  void bounds() {
    assertThat(new ServerOptions().setMaxMessageBytes(16 * MIB).getMaxMessageBytes()).isEqualTo(16 * MIB);
    assertThatThrownBy(() -> new ServerOptions().setMaxMessageBytes(16 * MIB + 1)).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("server.maxMessageBytes must be between 1024 and 16777216, was 16777217");
    assertThatThrownBy(() -> new ServerOptions().setMaxMessageBytes(1023)).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("server.maxMessageBytes must be between 1024 and 16777216, was 1023");
  }

  @Nested
  @DisplayName("over the raw WebSocket")
  class Raw {

    @ParameterizedTest(name = "{0} bytes in frames of {1}")
    @CsvSource({"65537, 65537", "1048576, 1048576", "1048576, 60000", "1048576, 1"})
    @DisplayName("takes a message up to the limit in one frame or many")
    void takes(int bytes, int frameBytes) throws Exception {
      try (WireSocket socket = open()) {
        assertThat(socket.sendFragmented(echoOf(bytes, "r1"), frameBytes)).isTrue();
        JsonObject reply = new JsonObject(socket.next().text());

        assertThat(reply.getString("address")).isEqualTo("r1");
        assertThat(reply.getJsonObject("body").getJsonObject("output").getString("text"))
          .isEqualTo(new JsonObject(echoOf(bytes, "r1")).getJsonObject("body").getJsonObject("args").getString("text"));
      }
    }

    @ParameterizedTest(name = "{0} bytes in frames of {1}")
    @CsvSource({"1048577, 1048577", "1048577, 65536", "2097153, 2097153", "2097153, 100000", "4194304, 4194304"})
    @DisplayName("answers a message over the limit with 413 on its reply address, and goes on serving the connection")
    void refuses(int bytes, int frameBytes) throws Exception {
      try (WireSocket socket = open()) {
        assertThat(socket.sendFragmented(echoOf(bytes, "big"), frameBytes)).isTrue();

        assertThat(new JsonObject(socket.next().text())).isEqualTo(new JsonObject().put("type", "err").put("failureCode", 413)
          .put("failureType", "RECIPIENT_FAILURE").put("address", "big").put("message", "The message is " + bytes
            + " bytes; this host accepts at most 1048576. Split the batch into smaller ones."));
        assertThat(new JsonObject(socket.next().text())).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
        assertEchoes(socket, "after");
      }
      assertThat(logged.all()).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes in frames of {1}")
    @CsvSource({"4194305, 4194305", "4194305, 65536", "67108864, 67108864", "67108864, 1048576"})
    @DisplayName("closes with 1009 and a reason on a message or frame over four times the limit; a new connection works")
    void cutsOff(int bytes, int frameBytes) throws Exception {
      try (WireSocket socket = open()) {
        socket.sendFragmented(echoOf(bytes, "huge"), frameBytes);
        WireSocket.Message close = socket.awaitClose();

        assertThat(close.closeCode()).isEqualTo(1009);
        assertThat(close.reason()).isEqualTo(CUT_OFF);
      }
      try (WireSocket socket = open()) {
        assertEchoes(socket, "after");
      }
      assertThat(logged.all()).isEmpty();
    }

    // Compression would let a frame of kilobytes inflate to gigabytes before any limit is checked.
    @Test
    @DisplayName("does not take compressed frames: a client that offers compression gets none")
    void noCompression() throws Exception {
      for (String offer : new String[] {"permessage-deflate; client_max_window_bits", "x-webkit-deflate-frame", "deflate-frame"}) {
        try (WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN,
          Map.of("Sec-WebSocket-Extensions", offer))) {
          assertThat(socket.status).isEqualTo(101);
          assertThat(socket.headers).as(offer).doesNotContainKey("sec-websocket-extensions");
          assertEchoes(socket, "plain");
        }
      }
    }

    private WireSocket open() throws IOException {
      WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN);
      assertThat(socket.status).isEqualTo(101);
      return socket;
    }

    private void assertEchoes(WireSocket socket, String text) throws IOException {
      socket.sendText(new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "e1")
        .put("body", new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", text))).encode());
      JsonObject reply = new JsonObject(socket.next().text());
      assertThat(reply.getString("address")).isEqualTo("e1");
      assertThat(reply.getJsonObject("body").getJsonObject("output").getString("text")).isEqualTo(text);
    }
  }

  @Nested
  @DisplayName("over SockJS's WebSocket transport")
  class SockJs {

    @Test
    @DisplayName("takes a message up to the limit whose SockJS escapes double it")
    void takesEscaped() throws Exception {
      String quotes = new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "q1")
        .put("body", new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "\"".repeat(MIB / 2 - 100))))
        .encode();
      try (WireSocket socket = open()) {
        socket.sendText(new JsonArray().add(quotes).encode());
        JsonObject reply = next(socket);

        assertThat(reply.getString("address")).isEqualTo("q1");
        assertThat(reply.getJsonObject("body").getJsonObject("output").getString("text")).isEqualTo("\"".repeat(MIB / 2 - 100));
      }
    }

    @Test
    @DisplayName("answers a message over the limit with 413 on its reply address, and goes on serving the connection")
    void refuses() throws Exception {
      try (WireSocket socket = open()) {
        socket.sendText(new JsonArray().add(echoOf(MIB + 1, "big")).encode());

        assertThat(next(socket).getInteger("failureCode")).isEqualTo(413);
        assertThat(next(socket)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
        socket.sendText(new JsonArray().add(echoOf(1000, "ok")).encode());
        assertThat(next(socket).getString("address")).isEqualTo("ok");
      }
      assertThat(logged.all()).isEmpty();
    }

    // SockJS gives the bridge no way to send a WebSocket close code: a frame over the limit ends the
    // connection at once (1006), a message that outgrows it while Vert.x joins its frames with 1000.
    @ParameterizedTest(name = "{0} bytes in frames of {1}: {2}")
    @CsvSource({"4194305, 4194305, 1006", "8388608, 65536, 1000"})
    @DisplayName("closes the connection on a send over four times the limit; a new connection works")
    void cutsOff(int bytes, int frameBytes, int code) throws Exception {
      try (WireSocket socket = open()) {
        socket.sendFragmented(new JsonArray().add(echoOf(bytes - 4, "huge")).encode(), frameBytes);

        assertThat(socket.awaitClose().closeCode()).isEqualTo(code);
      }
      try (WireSocket socket = open()) {
        socket.sendText(new JsonArray().add(echoOf(1000, "ok")).encode());
        assertThat(next(socket).getString("address")).isEqualTo("ok");
      }
      assertThat(logged.all()).isEmpty();
    }

    private WireSocket open() throws IOException {
      WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/000/" + Long.toHexString(System.nanoTime()) + "/websocket?token=" + TOKEN);
      assertThat(socket.status).isEqualTo(101);
      assertThat(socket.next().text()).as("SockJS's open frame").isEqualTo("o");
      return socket;
    }

    /** @return the next bridge frame, out of SockJS's {@code a[...]} */
    private JsonObject next(WireSocket socket) throws IOException {
      String frame = socket.next().text();
      assertThat(frame).startsWith("a[");
      JsonArray messages = new JsonArray(frame.substring(1));
      assertThat(messages).hasSize(1);
      return new JsonObject(messages.getString(0));
    }
  }
}
