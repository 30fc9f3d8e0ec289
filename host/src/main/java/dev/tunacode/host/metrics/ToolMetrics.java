package dev.tunacode.host.metrics;

import dev.tunacode.core.cache.CacheListener;
import dev.tunacode.core.coordinator.CoordinatorListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's own series, per tool: calls and errors by code, queue wait and run time (histograms),
 * calls running now; and batches with their speedup. Vert.x's own series (the pool's threads in use
 * among them) come from vertx-micrometer-metrics on the same registry.
 */
public final class ToolMetrics implements CoordinatorListener {

  private static final Duration[] SLOS = {
    Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)};

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  // Looking a meter up in the registry builds and sorts its tags every time; a call should not pay that.
  private final Map<String, Counter> calls = new ConcurrentHashMap<>();
  private final Map<String, Timer> queueTimers = new ConcurrentHashMap<>();
  private final Map<String, Timer> runTimers = new ConcurrentHashMap<>();
  private final Timer allCalls;
  private final Counter batches;
  private final DistributionSummary speedup;
  private final CacheMetrics cache;

  public ToolMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.allCalls = Timer.builder("tunacode.calls.latency").description("Run time of every call, for the console's p50 and p99")
      .publishPercentiles(0.5, 0.99).register(registry);
    this.batches = Counter.builder("tunacode.batches").description("Batches run").register(registry);
    this.speedup = DistributionSummary.builder("tunacode.batch.speedup").description("Sum of run times over wall time, per batch")
      .register(registry);
    this.cache = new CacheMetrics(registry);
  }

  @Override
  public CacheListener cache() {
    return cache;
  }

  /** @return the result cache's series */
  CacheMetrics cacheMetrics() {
    return cache;
  }

  @Override
  public void callStarted(String tool) {
    runningOf(tool).incrementAndGet();
  }

  @Override
  public void callEnded(String tool, String errorCode, long queuedNanos, long runNanos, boolean ran) {
    String name = tool == null ? "?" : tool;
    if (ran) {
      runningOf(name).decrementAndGet();
    }
    String code = errorCode == null ? "" : errorCode;
    calls.computeIfAbsent(name + '\0' + code, key -> Counter.builder("tunacode.calls").description("Calls, by tool and outcome")
      .tag("tool", name).tag("outcome", errorCode == null ? "ok" : "error").tag("code", code).register(registry)).increment();
    queueTimers.computeIfAbsent(name, key -> timer("tunacode.call.queue", "Time a call waited for its dependencies and a free slot", key))
      .record(queuedNanos, TimeUnit.NANOSECONDS);
    runTimers.computeIfAbsent(name, key -> timer("tunacode.call.run", "Time a call ran", key)).record(runNanos, TimeUnit.NANOSECONDS);
    allCalls.record(runNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void batchEnded(int calls, double wallMs, double batchSpeedup) {
    batches.increment();
    speedup.record(batchSpeedup);
  }

  /** @return every call's run-time timer, for the console's summary */
  Timer allCalls() {
    return allCalls;
  }

  private Timer timer(String name, String description, String tool) {
    return Timer.builder(name).description(description).tag("tool", tool)
      .publishPercentileHistogram().serviceLevelObjectives(SLOS)
      .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofMinutes(10))
      .register(registry);
  }

  /** @return how many calls of the tool are running now */
  public int running(String tool) {
    AtomicInteger count = running.get(tool);
    return count == null ? 0 : count.get();
  }

  private AtomicInteger runningOf(String tool) {
    return running.computeIfAbsent(tool, name -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder("tunacode.calls.running", count, AtomicInteger::get).description("Calls running now")
        .tag("tool", name).register(registry);
      return count;
    });
  }
}
