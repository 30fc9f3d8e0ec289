package dev.tunacode.host.server;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.runtime.HostRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("The event-bus bridge")
class BridgeTest {

  static final String TOKEN = "0123456789abcdef0123456789abcdef";
  static final String ALLOWED_ORIGIN = "http://localhost:3000";

  @TempDir
  static Path workspace;
  static HostRuntime runtime;
  static WebServer server;
  static Vertx client;
  static String url;

  @BeforeAll
  static void serve() throws Exception {
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject());
    // The allowed origin comes in as the configuration's server section does.
    ServerOptions options = new ServerOptions(new JsonObject().put("allowedOrigins", new JsonArray().add(ALLOWED_ORIGIN)));
    server = runtime.serve(options.setPort(0).setMaxMessageBytes(4096).setMaxOutstanding(2), TOKEN);
    url = "http://127.0.0.1:" + server.port();
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    runtime.close();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("lets every connection hear tunacode.tools.changed, and none hear it without registering")
  void toolsChanged() throws Exception {
    BridgeClient first = await(BridgeClient.connect(client, url, TOKEN));
    BridgeClient second = await(BridgeClient.connect(client, url, TOKEN));
    BridgeClient deaf = await(BridgeClient.connect(client, url, TOKEN));
    try {
      List<JsonObject> heard = new CopyOnWriteArrayList<>();
      await(first.register(Addresses.TOOLS_CHANGED, heard::add));
      await(second.register(Addresses.TOOLS_CHANGED, heard::add));
      List<JsonObject> notHeard = new CopyOnWriteArrayList<>();
      await(deaf.register("tunacode.events.deaf-1", notHeard::add));
      // A request both connections make after registering proves their registrations were taken.
      await(first.request("tunacode.tools", new JsonObject()));
      await(second.request("tunacode.tools", new JsonObject()));

      JsonObject change = new JsonObject().put("tools", new JsonArray()).put("plugins", new JsonArray());
      runtime.vertx().eventBus().publish(Addresses.TOOLS_CHANGED, change);

      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 2);
      assertThat(heard).containsExactly(change, change);
      assertThat(notHeard).isEmpty();
    } finally {
      first.close();
      second.close();
      deaf.close();
    }
  }

  @Test
  @DisplayName("lists tools and runs a batch with the token in the query, sending events only to the client that named them")
  void batchWithEvents() throws Exception {
    BridgeClient agent = await(BridgeClient.connect(client, url, TOKEN));
    BridgeClient other = await(BridgeClient.connect(client, url, TOKEN));
    try {
      List<JsonObject> mine = new CopyOnWriteArrayList<>();
      List<JsonObject> theirs = new CopyOnWriteArrayList<>();
      await(agent.register("tunacode.events.a1", mine::add));
      // A round trip on the agent's socket, whose frames arrive in order, so that its registration is the first.
      JsonObject tools = await(agent.request("tunacode.tools", new JsonObject()));
      await(other.register("tunacode.events.a1", theirs::add));

      JsonObject reply = await(agent.request("tunacode.batch", new JsonObject().put("events", "tunacode.events.a1")
        .put("calls", new JsonArray().add(new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "one")))
          .add(new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 20))))));

      assertThat(tools.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name"))).contains("echo", "sleep", "read_file");
      assertThat(reply.getJsonArray("results").getJsonObject(0).getJsonObject("output").getString("text")).isEqualTo("one");
      assertThat(reply.getJsonArray("results").getJsonObject(1).getJsonObject("output").getString("text")).isEqualTo("slept 20 ms");
      // Events are published before the reply; the reply's arrival proves they were sent.
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> mine.size() == 3);
      assertThat(mine.get(0)).isEqualTo(new JsonObject().put("type", "accepted").put("batchId", reply.getString("batchId"))
        .put("session", mine.get(0).getString("session")).put("calls", 2).put("ids", new JsonArray().add("0").add("1")));
      assertThat(mine.get(0).getString("session")).startsWith("bridge:");
      assertThat(mine.subList(1, 3).stream().map(e -> e.getInteger("index"))).containsExactlyInAnyOrder(0, 1);
      assertThat(theirs).isEmpty();
    } finally {
      agent.close();
      other.close();
    }
  }

  @Test
  @DisplayName("refuses a wrong token with 401 and a foreign Origin with 403 before a socket exists")
  void refusesAtConnect() throws Exception {
    assertThat(status("/eventbus/info?token=wrong", null)).isEqualTo(401);
    assertThat(status("/eventbus/info?token=" + TOKEN, "http://evil.example")).isEqualTo(403);
    assertThat(status("/eventbus/info?token=" + TOKEN, url)).isEqualTo(200);
    assertThatThrownBy(() -> await(BridgeClient.connect(client, url, "wrong-token-wrong-token"))).isInstanceOf(ExecutionException.class);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"X-TunaCode-Token, %s", "Authorization, Bearer %s", "authorization, bearer %s"})
  @DisplayName("takes the token in a header of the WebSocket upgrade, and answers a first message that carries none")
  void tokenInHeader(String header, String value) throws Exception {
    Raw raw = Raw.connect(null, Map.of(header, String.format(value, TOKEN)));
    try {
      raw.send(new JsonObject().put("type", "send").put("address", "tunacode.tools").put("body", new JsonObject())
        .put("replyAddress", "h1"));
      JsonObject reply = raw.next();

      assertThat(reply.getString("type")).isEqualTo("rec");
      assertThat(reply.getString("address")).isEqualTo("h1");
      assertThat(reply.getJsonObject("body").getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")))
        .contains("echo", "sleep", "read_file");
    } finally {
      raw.close();
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"X-TunaCode-Token, %s", "Authorization, Bearer %s"})
  @DisplayName("refuses a wrong token in a header with 401 on the WebSocket upgrade, even with the right one in the query")
  void wrongTokenInHeader(String header, String value) throws Exception {
    UpgradeRejectedException refused = rejectedUpgrade("/eventbus/websocket?token=" + TOKEN,
      Map.of(header, String.format(value, "wrong-token-wrong-token")));

    assertThat(refused.getStatus()).isEqualTo(401);
    assertThat(refused.getBody().toString()).isEqualTo(
      "Wrong token. Use the token tunahost serve printed, or the one set in server.token or TUNACODE_TOKEN.\n");
  }

  @Test
  @DisplayName("refuses a foreign Origin with 403 on the WebSocket upgrade")
  void foreignOriginOnUpgrade() throws Exception {
    UpgradeRejectedException refused = rejectedUpgrade("/eventbus/websocket?token=" + TOKEN, Map.of("Origin", "http://evil.example"));

    assertThat(refused.getStatus()).isEqualTo(403);
    assertThat(refused.getBody().toString()).isEqualTo("Origin http://evil.example may not connect to this host. Open the console "
      + "from the host's own URL, or add the origin to server.allowedOrigins.\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"http://127.0.0.1:PORT", "http://localhost:PORT", ALLOWED_ORIGIN})
  @DisplayName("accepts on the WebSocket upgrade the host's own origins and those listed in server.allowedOrigins")
  void allowedOriginOnUpgrade(String origin) throws Exception {
    Raw raw = Raw.connect(TOKEN, Map.of("Origin", origin.replace("PORT", String.valueOf(server.port()))));
    try {
      raw.send(new JsonObject().put("type", "send").put("address", "tunacode.tools").put("body", new JsonObject())
        .put("replyAddress", "o1"));
      JsonObject reply = raw.next();

      assertThat(reply.getString("type")).isEqualTo("rec");
      assertThat(reply.getString("address")).isEqualTo("o1");
    } finally {
      raw.close();
    }
  }

  @Test
  @DisplayName("takes the token in the first message's headers, and refuses and closes a first message without it")
  void tokenInFirstMessage() throws Exception {
    Raw raw = Raw.connect(null);
    raw.send(new JsonObject().put("type", "send").put("address", "tunacode.tools").put("body", new JsonObject())
      .put("replyAddress", "r1").put("headers", new JsonObject().put("token", TOKEN)));
    assertThat(raw.next().getString("address")).isEqualTo("r1");

    Raw anonymous = Raw.connect(null);
    anonymous.send(new JsonObject().put("type", "send").put("address", "tunacode.tools").put("body", new JsonObject())
      .put("replyAddress", "r2"));
    JsonObject refusal = anonymous.next();
    assertThat(refusal.getString("address")).isEqualTo("r2");
    assertThat(refusal.getInteger("failureCode")).isEqualTo(401);
    assertThat(refusal.getString("message")).isEqualTo("This host needs a token: give it as ?token=, in the X-TunaCode-Token "
      + "header, or in the headers of your first message as {\"token\":\"…\"}.");
    assertThat(anonymous.closed.get(10, TimeUnit.SECONDS)).isTrue();
    raw.close();
  }

  @Test
  @DisplayName("refuses forbidden addresses, oversize messages and too many outstanding requests with reasons")
  void limits() throws Exception {
    Raw raw = Raw.connect(TOKEN);
    raw.send(new JsonObject().put("type", "send").put("address", "tunacode.tool.bash").put("body", new JsonObject())
      .put("replyAddress", "f1"));
    assertThat(raw.next()).isEqualTo(new JsonObject().put("type", "err").put("failureCode", 403).put("failureType", "RECIPIENT_FAILURE")
      .put("message", "The address 'tunacode.tool.bash' is not reachable over the bridge. Send to tunacode.tools, tunacode.call, "
        + "tunacode.batch, tunacode.cancel, tunacode.plugins, tunacode.workspaces.").put("address", "f1"));
    raw.skipRejected();

    raw.send(new JsonObject().put("type", "register").put("address", "tunacode.batch"));
    assertThat(raw.next().getString("body")).isEqualTo("Clients may listen only on events addresses, which start with "
      + "'tunacode.events.', and on tunacode.tools.changed, not on 'tunacode.batch'.");
    raw.skipRejected();

    raw.send(new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "big")
      .put("body", new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "x".repeat(5000)))));
    JsonObject big = raw.next();
    assertThat(big.getInteger("failureCode")).isEqualTo(413);
    assertThat(big.getString("message")).matches("The message is \\d+ bytes; this host accepts at most 4096\\. Split the batch into smaller ones\\.");
    raw.skipRejected();

    JsonObject slow = new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 1000));
    for (String id : new String[] {"s1", "s2", "s3"}) {
      raw.send(new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", id).put("body", slow));
    }
    JsonObject third = raw.next();
    assertThat(third.getString("address")).isEqualTo("s3");
    assertThat(third.getInteger("failureCode")).isEqualTo(429);
    raw.close();
  }

  @Test
  @DisplayName("answers tunacode.plugins over the bridge: each plugin's state and tools, as /health lists them")
  void plugins() throws Exception {
    BridgeClient agent = await(BridgeClient.connect(client, url, TOKEN));
    JsonArray plugins;
    try {
      plugins = await(agent.request("tunacode.plugins", new JsonObject())).getJsonArray("plugins");
    } finally {
      agent.close();
    }
    JsonObject builtin = plugins.getJsonObject(0);
    JsonObject examples = plugins.getJsonObject(1);
    assertThat(plugins).hasSize(2);
    assertThat(builtin.getString("name")).isEqualTo("builtin");
    assertThat(builtin.getString("source")).isEqualTo("classpath");
    assertThat(builtin.getString("state")).isEqualTo("loaded");
    assertThat(builtin.getJsonArray("tools")).isEqualTo(new JsonArray(List.of("bash", "glob", "grep", "list_dir", "read_file",
      "run_command", "update_file", "write_file")));
    assertThat(examples.getString("id")).isEqualTo("examples");
    assertThat(examples.getJsonArray("tools")).isEqualTo(new JsonArray(List.of("echo", "sleep", "touch_marker")));
    assertThat(java.time.Instant.parse(examples.getString("loadedAt"))).isBeforeOrEqualTo(java.time.Instant.now());
    JsonObject health = new JsonObject(body("/health?token=" + TOKEN));
    assertThat(health.getJsonArray("plugins")).isEqualTo(plugins);
  }

  @Test
  @DisplayName("serves /health and /metrics, with the token, with the expected series after a batch")
  void healthAndMetrics() throws Exception {
    BridgeClient agent = await(BridgeClient.connect(client, url, TOKEN));
    await(agent.request("tunacode.batch", new JsonObject().put("calls", new JsonArray()
      .add(new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 5)))
      .add(new JsonObject().put("tool", "nope")))));
    agent.close();

    JsonObject health = new JsonObject(body("/health?token=" + TOKEN));
    String metrics = body("/metrics?token=" + TOKEN);

    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getValue("uptimeMs")).isInstanceOfAny(Integer.class, Long.class);
    assertThat(health.getLong("uptimeMs")).as("the host was up through the 5 ms sleep").isGreaterThanOrEqualTo(5);
    assertThat(health.getJsonArray("plugins").stream().map(p -> ((JsonObject) p).getString("name"))).containsExactly("builtin", "examples");
    JsonObject examples = health.getJsonArray("plugins").getJsonObject(1);
    assertThat(examples.getString("id")).as("from its manifest").isEqualTo("examples");
    assertThat(examples.getString("version")).isNotBlank();
    assertThat(health.getJsonArray("tools")).hasSize(11);
    assertThat(health.getJsonObject("cluster").getString("state")).isEqualTo("standalone");
    assertThat(health.getJsonArray("overdue")).as("no tool has outlived its answer").isEmpty();
    assertThat(metrics).contains("tunacode_calls_overdue 0.0","tunacode_calls_total{code=\"\",outcome=\"ok\",tool=\"sleep\"}",
      "tunacode_calls_total{code=\"UNKNOWN_TOOL\",outcome=\"error\",tool=\"nope\"}", "tunacode_call_run_seconds_bucket{tool=\"sleep\"",
      "tunacode_call_queue_seconds_count{tool=\"sleep\"}", "tunacode_calls_running{tool=\"sleep\"} ", "tunacode_batches_total",
      "tunacode_batch_speedup_count", "vertx_pool_in_use{pool_name=\"tunacode-io\",pool_type=\"worker\"}");
    assertThat(metrics).as("per-message event-bus series are off").doesNotContain("vertx_eventbus_");
  }

  private static int status(String path, String origin) throws Exception {
    HttpClient http = client.createHttpClient();
    try {
      return await(http.request(HttpMethod.GET, server.port(), "127.0.0.1", path).compose(request -> {
        if (origin != null) {
          request.putHeader("Origin", origin);
        }
        return request.send();
      })).statusCode();
    } finally {
      http.close();
    }
  }

  /** @return why the bridge refused a WebSocket upgrade; fails if it did not */
  private static UpgradeRejectedException rejectedUpgrade(String uri, Map<String, String> headers) throws Exception {
    WebSocketClient ws = client.createWebSocketClient();
    try {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port()).setURI(uri);
      headers.forEach(options::addHeader);
      Throwable failure = catchThrowable(() -> await(ws.connect(options)));
      assertThat(failure).as("the upgrade's failure").isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UpgradeRejectedException.class);
      return (UpgradeRejectedException) failure.getCause();
    } finally {
      await(ws.close());
    }
  }

  private static String body(String path) throws Exception {
    HttpClient http = client.createHttpClient();
    try {
      return await(http.request(HttpMethod.GET, server.port(), "127.0.0.1", path)
        .compose(request -> request.send().compose(response -> response.body()))).toString();
    } finally {
      http.close();
    }
  }

  /** A raw WebSocket speaking the bridge's frames, to see exactly what the bridge sends. */
  static final class Raw {
    final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Boolean> closed = new CompletableFuture<>();
    WebSocket socket;
    WebSocketClient ws;

    static Raw connect(String token) throws Exception {
      return connect(token, Map.of());
    }

    static Raw connect(String token, Map<String, String> headers) throws Exception {
      Raw raw = new Raw();
      raw.ws = client.createWebSocketClient();
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
        .setURI("/eventbus/websocket" + (token == null ? "" : "?token=" + token));
      headers.forEach(options::addHeader);
      try {
        raw.socket = await(raw.ws.connect(options));
      } catch (Exception e) {
        await(raw.ws.close());
        throw e;
      }
      raw.socket.handler(buffer -> raw.frames.add(new JsonObject(buffer.toString())));
      raw.socket.closeHandler(v -> raw.closed.complete(true));
      return raw;
    }

    void send(JsonObject frame) throws Exception {
      await(socket.writeTextMessage(frame.encode()));
    }

    JsonObject next() throws InterruptedException {
      JsonObject frame = frames.poll(20, TimeUnit.SECONDS);
      assertThat(frame).as("a frame from the bridge").isNotNull();
      return frame;
    }

    /** The bridge follows each refusal with its own bare "rejected". */
    void skipRejected() throws InterruptedException {
      assertThat(next()).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
    }

    void close() throws Exception {
      await(socket.close());
      await(ws.close());
    }
  }
}
