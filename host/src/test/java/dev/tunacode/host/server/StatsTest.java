package dev.tunacode.host.server;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.runtime.HostRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The console's /api/stats summary")
class StatsTest {

  static final String TOKEN = "stats-test-token-0123456789";

  @TempDir
  Path workspace;
  HostRuntime runtime;
  WebServer server;
  Vertx client;

  @BeforeEach
  void serve() throws Exception {
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    client = Vertx.vertx();
    runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject());
    server = runtime.serve(new ServerOptions().setPort(0), TOKEN);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      await(client.close());
    } finally {
      if (runtime != null) {
        runtime.close();
      }
    }
  }

  @Test
  @DisplayName("counts every call, and gives the calls per second since the last look and the p50 and p99 run times in ms")
  void afterCalls() throws Exception {
    JsonObject before = stats();
    assertThat(before.fieldNames()).containsExactlyInAnyOrder("calls", "callsPerSecond", "p50Ms", "p99Ms", "cacheHits",
      "cacheMisses", "cacheHitRate");
    assertThat(before.getLong("calls")).isZero();
    assertThat(before.getDouble("callsPerSecond")).isZero();
    assertThat(before.getDouble("p50Ms")).isZero();
    assertThat(before.getDouble("p99Ms")).isZero();

    JsonArray calls = new JsonArray();
    for (int i = 0; i < 6; i++) {
      calls.add(sleep(100));
    }
    calls.add(sleep(600));
    BridgeClient agent = await(BridgeClient.connect(client, "http://127.0.0.1:" + server.port(), TOKEN));
    try {
      assertThat(await(agent.request("tunacode.batch", new JsonObject().put("calls", calls))).getBoolean("ok")).isTrue();
      assertThat(await(agent.request("tunacode.call", new JsonObject().put("tool", "nope"))).getBoolean("ok")).isFalse();
      JsonObject after = stats();

      assertThat(after.getLong("calls")).as("seven sleeps and a failed call").isEqualTo(8);
      // A sleep depends on no path: the cache could answer none of them.
      assertThat(after.getLong("cacheHits")).isZero();
      assertThat(after.getLong("cacheMisses")).isZero();
      assertThat(after.getDouble("cacheHitRate")).isZero();
      // The rate is taken over at least the 600 ms the longest sleep ran: 8 calls make at most 13.3 a second.
      assertThat(after.getDouble("callsPerSecond")).isPositive().isLessThanOrEqualTo(13.3);
      // Sleeps never end early; the histogram keeps one significant digit, so a value may read up to a
      // sixteenth low. Of the 8 run times, the median is a 100 ms sleep and the p99 the 600 ms one.
      assertThat(after.getDouble("p50Ms")).isGreaterThanOrEqualTo(100 * 15 / 16.0).isLessThanOrEqualTo(after.getDouble("p99Ms"));
      assertThat(after.getDouble("p99Ms")).isGreaterThanOrEqualTo(600 * 15 / 16.0);

      assertThat(await(agent.request("tunacode.call", sleep(600))).getBoolean("ok")).isTrue();
      JsonObject later = stats();

      assertThat(later.getLong("calls")).isEqualTo(9);
      assertThat(later.getDouble("callsPerSecond")).as("one call in the 600 ms or more since the last look")
        .isPositive().isLessThanOrEqualTo(1.7);
    } finally {
      agent.close();
    }
  }

  private static JsonObject sleep(int ms) {
    return new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", ms));
  }

  private JsonObject stats() throws Exception {
    HttpClient http = client.createHttpClient();
    try {
      JsonObject reply = await(http.request(HttpMethod.GET, server.port(), "127.0.0.1", "/api/stats")
        .compose(request -> request.putHeader("X-TunaCode-Token", TOKEN).send())
        .compose(response -> response.body().map(body -> new JsonObject().put("status", response.statusCode())
          .put("type", response.getHeader("Content-Type")).put("body", new JsonObject(body)))));
      assertThat(reply.getInteger("status")).isEqualTo(200);
      assertThat(reply.getString("type")).isEqualTo("application/json");
      return reply.getJsonObject("body");
    } finally {
      await(http.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
