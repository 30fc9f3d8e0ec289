package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("What an HTTP caller sees")
class HttpAccessTest {

  static final String FOREIGN = "http://evil.example";
  static final String ALLOWED = "http://localhost:3000";

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options.setAllowedOrigins(List.of(ALLOWED)));

  @Test
  @DisplayName("without the token, /health says only that the host is up")
  void bareHealth() throws Exception {
    BridgeHost.Response health = HOST.get("/health");

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(health.json()).isEqualTo(new JsonObject().put("status", "UP"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"query, ''", "X-TunaCode-Token, ''", "Authorization, 'Bearer '"})
  @DisplayName("with the token, in the query or a header, /health gives the whole report")
  void fullHealth(String where, String prefix) throws Exception {
    BridgeHost.Response health = "query".equals(where) ? HOST.get("/health?token=" + TOKEN)
      : HOST.get("/health", Map.of(where, (prefix == null ? "" : prefix) + TOKEN));

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().fieldNames()).containsExactlyInAnyOrder("status", "uptimeMs", "workspace", "workspaces", "tools", "plugins",
      "overdue", "cache", "cluster", "connections");
    assertThat(health.json().getString("workspace")).isEqualTo(HOST.workspace().toString());
    JsonObject cache = health.json().getJsonArray("cache").getJsonObject(0);
    assertThat(cache.fieldNames()).containsExactlyInAnyOrder("workspace", "enabled", "watching", "results", "bytes", "maxBytes");
    assertThat(cache.getString("workspace")).isEqualTo("default");
    assertThat(cache.getBoolean("enabled")).isTrue();
    assertThat(cache.getLong("maxBytes")).isEqualTo(64L * 1024 * 1024);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/metrics", "/api/stats"})
  @DisplayName("/metrics and /api/stats need the token: 401 without it, and with a wrong one")
  void needToken(String path) throws Exception {
    BridgeHost.Response none = HOST.get(path);
    BridgeHost.Response wrong = HOST.get(path + "?token=not-the-token-at-all");
    BridgeHost.Response right = HOST.get(path, Map.of("X-TunaCode-Token", TOKEN));

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(none.body()).isEqualTo("This needs the host's token: give it as ?token=, in the X-TunaCode-Token header, "
      + "or as Authorization: Bearer.\n");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo("Wrong token. Use the token tunahost serve printed, or the one set in server.token "
      + "or TUNACODE_TOKEN.\n");
    assertThat(right.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("/health with a wrong token is 401, not the bare answer")
  void wrongTokenHealth() throws Exception {
    assertThat(HOST.get("/health", Map.of("Authorization", "Bearer not-the-token-at-all")).status()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/eventbus/info", "/eventbus/info?token=" + TOKEN, "/health", "/health?token=" + TOKEN, "/",
    "/eventbus/iframe.html"})
  @DisplayName("no answer has a wildcard Access-Control-Allow-Origin, nor one for a request without an Origin")
  void noWildcard(String path) throws Exception {
    BridgeHost.Response response = HOST.get(path);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("Access-Control-Allow-Origin")).isNull();
    assertThat(response.headers().get("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  @DisplayName("SockJS's info and XHR answers echo an allowed Origin, the host's own or server.allowedOrigins")
  void echoesAllowedOrigin() throws Exception {
    String own = "http://127.0.0.1:" + HOST.port();
    String session = "/eventbus/000/echo0001";

    BridgeHost.Response info = HOST.get("/eventbus/info", Map.of("Origin", own));
    BridgeHost.Response poll = HOST.request(HttpMethod.POST, session + "/xhr?token=" + TOKEN, Map.of("Origin", ALLOWED), null);
    BridgeHost.Response preflight = HOST.request(HttpMethod.OPTIONS, session + "/xhr_send?token=" + TOKEN,
      Map.of("Origin", ALLOWED, "Access-Control-Request-Method", "POST"), null);

    assertThat(info.headers().get("Access-Control-Allow-Origin")).isEqualTo(own);
    assertThat(poll.headers().get("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.headers().get("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
  }

  @Test
  @DisplayName("a foreign Origin gets 403 on the bridge, and no Access-Control-Allow-Origin anywhere")
  void foreignOrigin() throws Exception {
    BridgeHost.Response info = HOST.get("/eventbus/info", Map.of("Origin", FOREIGN));
    BridgeHost.Response health = HOST.get("/health?token=" + TOKEN, Map.of("Origin", FOREIGN));

    assertThat(info.status()).isEqualTo(403);
    assertThat(info.headers().get("Access-Control-Allow-Origin")).isNull();
    assertThat(health.headers().get("Access-Control-Allow-Origin")).isNull();
  }
}
