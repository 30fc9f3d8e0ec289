package dev.tunacode.host.server;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.tunacode.host.testing.BridgeHost.await;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Over the bridge, the session of a request that names none")
class BridgeSessionTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();

  private static JsonObject call(String tool, JsonObject args) {
    return new JsonObject().put("tool", tool).put("args", args);
  }

  private static JsonObject slowWrite(String file) {
    return call("bash", new JsonObject().put("command", "sleep 0.3; echo late > " + file));
  }

  private static JsonObject read(String file) {
    return call("read_file", new JsonObject().put("filepath", file));
  }

  private static String content(JsonObject result) {
    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
    return result.getJsonObject("output").getString("content");
  }

  @Test
  @DisplayName("is the connection's: a read sent right after a slow write on one connection waits for it; on another it does not")
  void connectionIsTheSession() throws Exception {
    try (BridgeClient one = HOST.connect(); BridgeClient two = HOST.connect()) {
      Future<JsonObject> write = one.request("tunacode.call", slowWrite("same.txt"));
      Future<JsonObject> sameConnection = one.request("tunacode.call", read("same.txt"));
      assertThat(content(await(sameConnection))).isEqualTo("late\n");
      assertThat(await(write).getBoolean("ok")).isTrue();

      Future<JsonObject> otherWrite = one.request("tunacode.call", slowWrite("other.txt"));
      Future<JsonObject> otherConnection = two.request("tunacode.call", read("other.txt"));
      assertThat(await(otherConnection).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
      assertThat(await(otherWrite).getBoolean("ok")).isTrue();
    }
  }

  @Test
  @DisplayName("is the one named when a request names one, across connections")
  void namedSessionSpansConnections() throws Exception {
    try (BridgeClient one = HOST.connect(); BridgeClient two = HOST.connect()) {
      Future<JsonObject> write = one.request("tunacode.call", call("bash", new JsonObject()
        .put("command", "touch named.started; sleep 0.3; echo late > named.txt")).put("session", "agent-7"));
      // Two connections' frames may reach the host in either order; the read must come second.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> java.nio.file.Files.exists(HOST.workspace().resolve("named.started")));
      Future<JsonObject> read = two.request("tunacode.call", read("named.txt").put("session", "agent-7"));
      assertThat(content(await(read))).isEqualTo("late\n");
      assertThat(await(write).getBoolean("ok")).isTrue();
    }
  }
}
