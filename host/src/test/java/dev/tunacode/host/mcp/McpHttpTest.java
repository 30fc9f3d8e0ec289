package dev.tunacode.host.mcp;

import dev.tunacode.host.testing.BridgeHost;
import dev.tunacode.host.testing.BridgeHost.Response;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /mcp} as the Streamable HTTP transport says, for what a careless client or a hostile page sends. */
@DisplayName("The MCP endpoint over HTTP")
class McpHttpTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
    + "{\"protocolVersion\":\"%s\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";

  private static Map<String, String> headers(String... more) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json, text/event-stream");
    headers.put("Authorization", "Bearer " + BridgeHost.TOKEN);
    for (int i = 0; i < more.length; i += 2) {
      if (more[i + 1] == null) {
        headers.remove(more[i]);
      } else {
        headers.put(more[i], more[i + 1]);
      }
    }
    return headers;
  }

  private static Response post(String body, String... more) throws Exception {
    return HOST.request(HttpMethod.POST, "/mcp", headers(more), body);
  }

  private static String open() throws Exception {
    Response init = post(INITIALIZE.formatted("2025-11-25"));
    assertThat(init.status()).isEqualTo(200);
    return init.headers().get("Mcp-Session-Id");
  }

  private static JsonObject error(Response response) {
    return response.json().getJsonObject("error");
  }

  @Test
  @DisplayName("agree on the revision the client asks for when it is served, and on the latest otherwise")
  void negotiation() throws Exception {
    Response older = post(INITIALIZE.formatted("2025-06-18"));
    Response unknown = post(INITIALIZE.formatted("1999-01-01"));

    assertThat(older.json().getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-06-18");
    assertThat(unknown.json().getJsonObject("result").getString("protocolVersion")).isEqualTo("2025-11-25");
    assertThat(older.headers().get("Mcp-Session-Id")).matches("[0-9a-f]{32}")
      .isNotEqualTo(unknown.headers().get("Mcp-Session-Id"));
    assertThat(older.json().getJsonObject("result").getJsonObject("capabilities").getJsonObject("tools"))
      .isEqualTo(new JsonObject().put("listChanged", true));
  }

  @Test
  @DisplayName("refuse a missing or wrong token with 401, and a foreign Origin or Host with 403, before reading the body")
  void access() throws Exception {
    Response none = post(INITIALIZE.formatted("2025-11-25"), "Authorization", null);
    Response wrong = post(INITIALIZE.formatted("2025-11-25"), "Authorization", "Bearer nope-nope-nope-nope");
    Response query = HOST.request(HttpMethod.POST, "/mcp?token=" + BridgeHost.TOKEN, headers("Authorization", null),
      INITIALIZE.formatted("2025-11-25"));
    Response evilOrigin = post(INITIALIZE.formatted("2025-11-25"), "Origin", "http://evil.example.com");
    Response evilHost = post(INITIALIZE.formatted("2025-11-25"), "Host", "evil.example.com");
    Response ownOrigin = post(INITIALIZE.formatted("2025-11-25"), "Origin", "http://127.0.0.1:" + HOST.port());

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(error(none).getString("message")).startsWith("This endpoint needs the host's token");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(query.status()).isEqualTo(200);
    assertThat(evilOrigin.status()).isEqualTo(403);
    assertThat(error(evilOrigin).getString("message")).startsWith("Origin http://evil.example.com may not call");
    assertThat(evilHost.status()).isEqualTo(403);
    assertThat(ownOrigin.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("answer a bad body with the JSON-RPC error for it: not JSON, a batch, not an object, an unknown method")
  void badMessages() throws Exception {
    String session = open();
    Response notJson = post("{\"jsonrpc\":", "Mcp-Session-Id", session);
    Response batch = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "Mcp-Session-Id", session);
    Response number = post("42", "Mcp-Session-Id", session);
    Response noVersion = post("{\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session);
    Response unknown = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/destroy\"}", "Mcp-Session-Id", session);
    Response nullId = post("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", "Mcp-Session-Id", session);
    Response badParams = post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}",
      "Mcp-Session-Id", session);

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(error(notJson).getInteger("code")).isEqualTo(-32700);
    assertThat(batch.status()).isEqualTo(400);
    assertThat(error(batch).getInteger("code")).isEqualTo(-32600);
    assertThat(error(number).getInteger("code")).isEqualTo(-32600);
    assertThat(noVersion.json()).isEqualTo(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("error",
      new JsonObject().put("code", -32600).put("message", "A JSON-RPC message needs \"jsonrpc\":\"2.0\".")));
    assertThat(unknown.json().getValue("id")).isEqualTo(7);
    assertThat(error(unknown).getInteger("code")).isEqualTo(-32601);
    assertThat(error(badParams).getInteger("code")).isEqualTo(-32602);
    assertThat(nullId.status()).isEqualTo(400);
    assertThat(error(nullId).getString("message")).startsWith("\"id\" must be a string or a number");
  }

  @Test
  @DisplayName("refuse a body over server.maxMessageBytes with 413, and a wrong Content-Type or Accept")
  void limits() throws Exception {
    String session = open();
    String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":"
      + "{\"text\":\"" + "x".repeat(2 << 20) + "\"}}}";
    Response tooLarge = post(huge, "Mcp-Session-Id", session);
    Response text = post("{}", "Mcp-Session-Id", session, "Content-Type", "text/plain");
    Response html = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Mcp-Session-Id", session, "Accept", "text/html");

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(text.status()).isEqualTo(415);
    assertThat(html.status()).isEqualTo(406);
  }

  @Test
  @DisplayName("ask for the session's id (400), refuse one that ended (404), and an unsupported protocol header (400)")
  void sessions() throws Exception {
    String session = open();
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
    Response without = post(ping);
    Response unknown = post(ping, "Mcp-Session-Id", "0123456789abcdef0123456789abcdef");
    Response badVersion = post(ping, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2024-01-01");
    Response older = post(ping, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-03-26");
    Response initialized = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Mcp-Session-Id", session);
    Response deleted = HOST.request(HttpMethod.DELETE, "/mcp", headers("Mcp-Session-Id", session), null);
    Response after = post(ping, "Mcp-Session-Id", session);
    Response put = HOST.request(HttpMethod.PUT, "/mcp", headers("Mcp-Session-Id", session), "{}");

    assertThat(without.status()).isEqualTo(400);
    assertThat(error(without).getString("message")).contains("Mcp-Session-Id");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(badVersion.status()).isEqualTo(400);
    assertThat(error(badVersion).getString("message")).isEqualTo("Unsupported MCP-Protocol-Version '2024-01-01'; this server "
      + "speaks 2025-11-25, 2025-06-18, 2025-03-26.");
    assertThat(older.json()).isEqualTo(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("result", new JsonObject()));
    assertThat(initialized.status()).isEqualTo(202);
    assertThat(initialized.body()).isEmpty();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(after.status()).isEqualTo(404);
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.headers().get("Allow")).isEqualTo("GET, POST, DELETE");
  }

  @Test
  @DisplayName("refuse to open a session for a workspace its URL names that is not served, naming those that are")
  void workspaces() throws Exception {
    Response elsewhere = HOST.request(HttpMethod.POST, "/mcp?workspace=elsewhere", headers(), INITIALIZE.formatted("2025-11-25"));
    Response notAnId = HOST.request(HttpMethod.POST, "/mcp?workspace=a%20b", headers(), INITIALIZE.formatted("2025-11-25"));
    Response own = HOST.request(HttpMethod.POST, "/mcp?workspace=default", headers(), INITIALIZE.formatted("2025-11-25"));

    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.headers().get("Mcp-Session-Id")).isNull();
    assertThat(elsewhere.json()).isEqualTo(new JsonObject().put("jsonrpc", "2.0").put("id", 0).put("error", new JsonObject()
      .put("code", -32602).put("message", "No workspace 'elsewhere' is served. Served: 'default'. Name one of them in "
        + "?workspace=, or leave it out for the default one.")));
    assertThat(notAnId.status()).isEqualTo(400);
    assertThat(error(notAnId).getString("message")).startsWith("?workspace=: ");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.headers().get("Mcp-Session-Id")).isNotNull();
  }

  @Test
  @DisplayName("open a session of its own for every initialize, and none for one that lacks its protocolVersion")
  void lifecycle() throws Exception {
    String session = open();
    Response again = post(INITIALIZE.formatted("2025-11-25").replace("\"initialize\"", "\"initialize\""), "Mcp-Session-Id", session);
    Response noVersion = post("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}");

    // A second initialize opens a session of its own, as a client that lost its session does.
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.headers().get("Mcp-Session-Id")).isNotEqualTo(session);
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(error(noVersion).getInteger("code")).isEqualTo(-32602);
    assertThat(noVersion.headers().get("Mcp-Session-Id")).isNull();
  }
}
