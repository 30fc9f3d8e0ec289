package dev.tunacode.host.metrics;

import dev.tunacode.core.cache.CacheListener;
import dev.tunacode.core.cache.Cause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The result cache's series, per tool, summed over the workspaces of the host: hits, misses, results
 * evicted to keep within the bound, results found untrue and why ({@code cause}: write, command,
 * outside, lost), and the bytes held; and the hit rate the console shows.
 */
public final class CacheMetrics implements CacheListener {

  private final MeterRegistry registry;
  // Meters are kept by key: looking one up in the registry builds and sorts its tags on every call.
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  public CacheMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void hit(String tool) {
    hits.increment();
    count("tunacode.cache.hits", "Calls answered from the result cache", tool, null);
  }

  @Override
  public void miss(String tool) {
    misses.increment();
    count("tunacode.cache.misses", "Calls the result cache could have answered, whose tool ran", tool, null);
  }

  @Override
  public void stored(String tool, long size) {
    bytesOf(tool).addAndGet(size);
  }

  @Override
  public void evicted(String tool, long size) {
    bytesOf(tool).addAndGet(-size);
    count("tunacode.cache.evictions", "Results evicted to keep the cache within cache.maxBytes", tool, null);
  }

  @Override
  public void invalidated(String tool, Cause cause, long size) {
    bytesOf(tool).addAndGet(-size);
    count("tunacode.cache.invalidations", "Results found no longer true and dropped, by what changed", tool, cause.tag());
  }

  @Override
  public void dropped(String tool, long size) {
    bytesOf(tool).addAndGet(-size);
  }

  /** @return calls answered from the cache and calls it could have answered that ran, since the host started */
  long[] hitsAndMisses() {
    return new long[] {hits.sum(), misses.sum()};
  }

  private void count(String name, String description, String tool, String cause) {
    counters.computeIfAbsent(name + '\0' + tool + '\0' + cause, key -> {
      Counter.Builder builder = Counter.builder(name).description(description).tag("tool", tool);
      return (cause == null ? builder : builder.tag("cause", cause)).register(registry);
    }).increment();
  }

  private AtomicLong bytesOf(String tool) {
    return bytes.computeIfAbsent(tool, name -> {
      AtomicLong held = new AtomicLong();
      Gauge.builder("tunacode.cache.bytes", held, AtomicLong::get).description("About how many bytes of results the cache holds")
        .baseUnit("bytes").tag("tool", name).register(registry);
      return held;
    });
  }
}
