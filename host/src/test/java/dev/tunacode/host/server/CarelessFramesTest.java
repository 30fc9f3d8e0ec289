package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import dev.tunacode.host.testing.LoggedProblems;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.stream.Stream;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Frames of the wrong shape")
class CarelessFramesTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();
  @RegisterExtension
  final LoggedProblems logged = new LoggedProblems();

  static Stream<Arguments> misshapen() {
    return Stream.of(
      Arguments.of("{\"type\":\"frob\",\"address\":\"tunacode.call\",\"replyAddress\":\"r1\"}", "r1",
        "A frame's type is one of send, publish, register, unregister, ping, not 'frob'."),
      Arguments.of("{\"type\":1,\"address\":\"tunacode.call\"}", null,
        "A frame's type is one of send, publish, register, unregister, ping, not 1."),
      Arguments.of("{\"type\":\"send\",\"address\":5,\"replyAddress\":\"r2\"}", "r2", "A frame's address is a string, not 5."),
      Arguments.of("{\"type\":\"send\",\"address\":\"tunacode.call\",\"replyAddress\":7,\"body\":{}}", null,
        "A frame's replyAddress is a string, not 7."),
      Arguments.of("{\"type\":\"send\",\"address\":\"tunacode.tools\",\"replyAddress\":\"" + "r".repeat(37) + "\"}", "r".repeat(37),
        "A replyAddress is at most 36 characters, such as a UUID; this one is 37."),
      Arguments.of("{\"type\":\"send\",\"address\":\"tunacode.call\",\"replyAddress\":\"r3\",\"headers\":\"x\",\"body\":{}}", "r3",
        "A frame's headers are a JSON object, such as {\"token\":\"…\"}."),
      Arguments.of("[1,2]", null, notAnObject("a JSON array")),
      Arguments.of("5", null, notAnObject("a JSON number")),
      Arguments.of("\"send\"", null, notAnObject("a JSON string")),
      Arguments.of("null", null, notAnObject("JSON null")),
      Arguments.of("{\"type\":\"send\",", null, notAnObject("not JSON: '{\"type\":\"send\",'")));
  }

  private static String notAnObject(String what) {
    return "A frame is a JSON object, such as {\"type\":\"send\",\"address\":\"tunacode.call\",\"replyAddress\":\"r1\","
      + "\"body\":{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}}; this one is " + what + ".";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misshapen")
  @DisplayName("are answered with what was wrong, on the reply address when there is one, and logged at no more than INFO")
  void misshapen(String frame, String replyAddress, String message) throws Exception {
    try (WireSocket socket = open()) {
      socket.sendText(frame);

      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal(replyAddress, 400, message));
      assertServes(socket);
    }
    assertThat(logged.all()).isEmpty();
  }

  static Stream<Arguments> wrongBodies() {
    return Stream.of(
      Arguments.of("tunacode.call", "\"read_file\"", "A request to tunacode.call has a JSON object as its body, such as "
        + "{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}."),
      Arguments.of("tunacode.call", "null", "A request to tunacode.call has a JSON object as its body, such as "
        + "{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}."),
      Arguments.of("tunacode.batch", "[{\"tool\":\"echo\"}]", "A request to tunacode.batch has a JSON object as its body, such as "
        + "{\"calls\":[{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}]}."),
      Arguments.of("tunacode.tools", "7", "A request to tunacode.tools has a JSON object as its body, such as {}."));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongBodies")
  @DisplayName("a request whose body is not a JSON object is answered 400 at once, rather than never")
  void wrongBody(String address, String body, String message) throws Exception {
    try (WireSocket socket = open()) {
      socket.sendText("{\"type\":\"send\",\"address\":\"" + address + "\",\"replyAddress\":\"b1\",\"body\":" + body + "}");

      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal("b1", 400, message));
      assertThat(next(socket)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
      assertServes(socket);
    }
    assertThat(logged.all()).isEmpty();
  }

  @Test
  @DisplayName("headers, whatever they hold, never reach the host: a null header value is no error")
  void headers() throws Exception {
    try (WireSocket socket = open()) {
      socket.sendText("{\"type\":\"send\",\"address\":\"tunacode.call\",\"replyAddress\":\"h1\",\"headers\":{\"a\":null,\"b\":[1]},"
        + "\"body\":{\"tool\":\"echo\",\"args\":{\"text\":\"hi\"}}}");

      JsonObject reply = next(socket);
      assertThat(reply.getString("address")).isEqualTo("h1");
      assertThat(reply.containsKey("headers")).isFalse();
      assertThat(reply.getJsonObject("body").getJsonObject("output").getString("text")).isEqualTo("hi");
    }
    assertThat(logged.all()).isEmpty();
  }

  @Test
  @DisplayName("a publish to the wire contract's addresses is refused with 403: it would run unanswered and uncounted")
  void publish() throws Exception {
    try (WireSocket socket = open()) {
      socket.sendText("{\"type\":\"publish\",\"address\":\"tunacode.batch\",\"body\":{\"calls\":[]}}");

      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal(null, 403,
        "Clients send requests; they do not publish. Send to tunacode.tools, tunacode.call, tunacode.batch, tunacode.cancel, tunacode.plugins, tunacode.workspaces."));
      assertThat(next(socket)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
      assertServes(socket);
    }
  }

  private static WireSocket open() throws IOException {
    WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN);
    assertThat(socket.status).isEqualTo(101);
    return socket;
  }

  private static JsonObject next(WireSocket socket) throws IOException {
    return new JsonObject(socket.next().text());
  }

  private static void assertServes(WireSocket socket) throws IOException {
    socket.sendText("{\"type\":\"send\",\"address\":\"tunacode.call\",\"replyAddress\":\"ok\",\"body\":{\"tool\":\"echo\","
      + "\"args\":{\"text\":\"still\"}}}");
    JsonObject reply = next(socket);
    assertThat(reply.getString("address")).isEqualTo("ok");
    assertThat(reply.getJsonObject("body").getJsonObject("output").getString("text")).isEqualTo("still");
  }
}
