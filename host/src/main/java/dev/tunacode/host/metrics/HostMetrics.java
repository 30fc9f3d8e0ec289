package dev.tunacode.host.metrics;

import dev.tunacode.core.coordinator.Overdue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.concurrent.TimeUnit;

/**
 * One Prometheus registry for a host: Vert.x's metrics and the host's own.
 */
public final class HostMetrics {

  private final java.util.List<Overdue> overdues = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ToolMetrics tools = new ToolMetrics(registry);
  private final CallRate rate = new CallRate();

  /** @return a Vert.x instance that reports into this registry */
  public Vertx createVertx() {
    return createVertx(new VertxOptions());
  }

  /** @return a Vert.x instance with the given options, reporting into this registry */
  public Vertx createVertx(VertxOptions base) {
    return Vertx.builder().with(withMetrics(base)).withMetrics(new MicrometerMetricsFactory(registry)).build();
  }

  /** @return a clustered Vert.x instance with the given options, reporting into this registry, once it has joined */
  public Future<Vertx> createClusteredVertx(VertxOptions base, ClusterManager cluster) {
    return Vertx.builder().with(withMetrics(base)).withMetrics(new MicrometerMetricsFactory(registry))
      .withClusterManager(cluster).buildClustered();
  }

  private static VertxOptions withMetrics(VertxOptions base) {
    return new VertxOptions(base).setMetricsOptions(new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(false)
      // Per-message event-bus series cost registry lookups with address tags on every bridge message;
      // the host's own series count calls per tool instead. (The String overload wants "eventbus", not
      // the enum's name: given "EVENT_BUS", it turned nothing off.)
      .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
  }

  /** Reports the calls that have not stopped after their answer, as the gauge {@code tunacode_calls_overdue}. */
  public void watchOverdue(Overdue overdue) {
    // One gauge for the host, whatever the number of workspaces it serves.
    if (overdues.isEmpty()) {
      Gauge.builder("tunacode.calls.overdue", overdues, all -> all.stream().mapToInt(Overdue::count).sum())
        .description("calls answered (timed out or cancelled) whose tool has not stopped 5 s later; they still hold their paths")
        .register(registry);
    }
    overdues.add(overdue);
  }

  /** @return the listener to hand the coordinator */
  public ToolMetrics tools() {
    return tools;
  }

  /** @return the {@code /metrics} handler: Prometheus text */
  public Handler<RoutingContext> scrapeHandler() {
    return PrometheusScrapingHandler.create(registry);
  }

  /**
   * @return calls per second over the last sampling period, p50 and p99 of run times in ms, and the result
   * cache's hits, misses and hit rate (hits over the calls it could have answered)
   */
  public JsonObject summary() {
    var snapshot = tools.allCalls().takeSnapshot();
    double p50 = 0;
    double p99 = 0;
    for (var value : snapshot.percentileValues()) {
      if (value.percentile() == 0.5) {
        p50 = value.value(TimeUnit.MILLISECONDS);
      } else if (value.percentile() == 0.99) {
        p99 = value.value(TimeUnit.MILLISECONDS);
      }
    }
    long[] cache = tools.cacheMetrics().hitsAndMisses();
    long looked = cache[0] + cache[1];
    return new JsonObject()
      .put("calls", snapshot.count())
      .put("callsPerSecond", rate.perSecond(snapshot.count()))
      .put("p50Ms", p50)
      .put("p99Ms", p99)
      .put("cacheHits", cache[0])
      .put("cacheMisses", cache[1])
      .put("cacheHitRate", looked == 0 ? 0.0 : Math.round(cache[0] * 1000.0 / looked) / 1000.0);
  }

  /** Calls per second between two looks at the call count, sampled at most twice a second. */
  private static final class CallRate {
    private long lastCount;
    private long lastNanos = System.nanoTime();
    private double lastRate;

    synchronized double perSecond(long count) {
      long now = System.nanoTime();
      long elapsed = now - lastNanos;
      if (elapsed >= TimeUnit.MILLISECONDS.toNanos(500)) {
        lastRate = Math.round((count - lastCount) * 1e9 / elapsed * 10) / 10.0;
        lastCount = count;
        lastNanos = now;
      }
      return lastRate;
    }
  }
}
