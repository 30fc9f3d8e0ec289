package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The result cache's figures")
class CacheMetricsTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();
  private static final long PATIENCE_MS = 10_000;

  private static JsonObject read(String path) throws Exception {
    return HOST.inProcess("tunacode.call", new JsonObject().put("tool", "read_file")
      .put("args", new JsonObject().put("filepath", path)));
  }

  private static void untilCached(String path) throws Exception {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
    while (!read(path).getBoolean("cached", false)) {
      assertThat(System.nanoTime()).as("a repeat of %s answered from the cache", path).isLessThan(until);
      Thread.sleep(5);
    }
  }

  @Test
  @DisplayName("a client over the bridge gets a repeat from the cache, marked cached, as an in-process one does")
  void overTheBridge() throws Exception {
    Files.writeString(HOST.workspace().resolve("bridge.txt"), "over the bridge\n");
    var client = HOST.connect();
    try {
      JsonObject call = new JsonObject().put("tool", "read_file").put("args", new JsonObject().put("filepath", "bridge.txt"));
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
      JsonObject result;
      while (!(result = BridgeHost.await(client.request("tunacode.call", call))).getBoolean("cached", false)) {
        assertThat(System.nanoTime()).as("a repeat answered from the cache").isLessThan(until);
        Thread.sleep(5);
      }
      assertThat(result.getJsonObject("output").getString("content")).isEqualTo("over the bridge\n");
      Files.writeString(HOST.workspace().resolve("bridge.txt"), "changed\n");
      JsonObject after = BridgeHost.await(client.request("tunacode.call", call));
      assertThat(after.containsKey("cached")).isFalse();
      assertThat(after.getJsonObject("output").getString("content")).isEqualTo("changed\n");
    } finally {
      client.close();
    }
  }

  @Test
  @DisplayName("/metrics counts hits, misses, invalidations by what changed and bytes per tool; /api/stats and /health sum them up")
  void countsByCause() throws Exception {
    String before = HOST.get("/metrics?token=" + BridgeHost.TOKEN).body();
    Files.writeString(HOST.workspace().resolve("metrics.txt"), "one\n");
    untilCached("metrics.txt");
    Files.writeString(HOST.workspace().resolve("metrics.txt"), "two\n");
    assertThat(read("metrics.txt").getBoolean("cached", false)).isFalse();
    untilCached("metrics.txt");
    assertThat(HOST.inProcess("tunacode.call", new JsonObject().put("tool", "update_file").put("args", new JsonObject()
      .put("filepath", "metrics.txt").put("target", "two").put("patch", "three"))).getBoolean("ok")).isTrue();
    assertThat(read("metrics.txt").getJsonObject("output").getString("content")).isEqualTo("three\n");
    untilCached("metrics.txt");
    assertThat(HOST.inProcess("tunacode.call", new JsonObject().put("tool", "bash").put("args", new JsonObject()
      .put("command", "true"))).getBoolean("ok")).isTrue();
    assertThat(read("metrics.txt").getBoolean("cached", false)).isFalse();
    untilCached("metrics.txt");

    String metrics = HOST.get("/metrics?token=" + BridgeHost.TOKEN).body();
    assertThat(metrics).contains("tunacode_cache_hits_total{tool=\"read_file\"}", "tunacode_cache_misses_total{tool=\"read_file\"}",
      "tunacode_cache_bytes{tool=\"read_file\"}");
    for (String cause : new String[] {"outside", "write", "command"}) {
      String series = "tunacode_cache_invalidations_total{cause=\"" + cause + "\",tool=\"read_file\"}";
      assertThat(value(metrics, series) - value(before, series)).as(series).isEqualTo(1.0);
    }
    JsonObject stats = HOST.get("/api/stats?token=" + BridgeHost.TOKEN).json();
    assertThat(stats.getLong("cacheHits")).isPositive();
    assertThat(stats.getLong("cacheMisses")).isPositive();
    assertThat(stats.getDouble("cacheHitRate")).isEqualTo(Math.round(stats.getLong("cacheHits") * 1000.0
      / (stats.getLong("cacheHits") + stats.getLong("cacheMisses"))) / 1000.0);
    JsonObject cache = HOST.get("/health?token=" + BridgeHost.TOKEN).json().getJsonArray("cache").getJsonObject(0);
    assertThat(cache.getBoolean("watching")).isTrue();
    assertThat(cache.getLong("results")).isPositive();
    assertThat(cache.getLong("bytes")).isPositive().isLessThanOrEqualTo(cache.getLong("maxBytes"));
  }

  private static double value(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
      .findFirst().orElse(0.0);
  }
}
