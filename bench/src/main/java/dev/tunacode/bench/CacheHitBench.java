package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheKey;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.core.cache.ResultCache;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.tools.builtin.BuiltinPlugin;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code read_file} hit costs: the cache's own work where it runs (a pool thread: take in the
 * watcher's events, resolve the path, stat the file, check the generations, copy the output's top level),
 * and a whole {@code tunacode.call} answered from the cache beside one that reads the file and a bare
 * event-bus request/reply, the layer under both.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheHitBench {

  private static final long PATIENCE_MS = 10_000;

  private BenchHost cached;
  private BenchHost uncached;
  private MessageConsumer<JsonObject> bare;
  private ResultCache cache;
  private CacheKey key;
  private Footprint footprint;
  private JsonObject call;

  @Setup(Level.Trial)
  public void start() throws Exception {
    Path root = Files.createTempDirectory("tunacode-cache-hit");
    Files.createDirectories(root.resolve("src/main/java"));
    // A source file of typical size: 200 lines, about 8 KB.
    Files.writeString(root.resolve("src/main/java/Sample.java"), "    int field; // a line of a source file of some length\n".repeat(200));
    cached = new BenchHost(root, new HostOptions(), new BuiltinPlugin());
    uncached = new BenchHost(root, new HostOptions().setCache(new CacheOptions().setEnabled(false)), new BuiltinPlugin());
    bare = cached.vertx.eventBus().consumer("bench.bare", msg -> msg.reply(msg.body()));
    bare.completion().toCompletionStage().toCompletableFuture().get();
    JsonObject args = new JsonObject().put("filepath", "src/main/java/Sample.java");
    call = new JsonObject().put("tool", "read_file").put("args", args);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
    while (!cached.request(Addresses.CALL, call).getBoolean("cached", false)) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("read_file was never answered from the cache");
      }
      Thread.sleep(5);
    }
    ToolRegistry.Entry entry = cached.host.registry().get("read_file");
    cache = cached.host.cache();
    key = CacheKey.of(entry.calls(), entry.name(), entry.schema(), args);
    footprint = entry.tool().footprint(args);
    if (cache.hit(key, footprint) == null) {
      throw new IllegalStateException("the key built here is not the one the host keeps");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    bare.unregister().toCompletionStage().toCompletableFuture().get();
    cached.close();
    uncached.close();
  }

  /** The cache's work for one hit, on this thread as on a pool thread. */
  @Benchmark
  public ResultCache.Served hitLookup() {
    return cache.hit(key, footprint);
  }

  /** One tunacode.call answered from the cache. */
  @Benchmark
  public JsonObject cachedCall() throws Exception {
    return cached.request(Addresses.CALL, call);
  }

  /** The same call on a host without a cache: the file is opened, read and decoded. */
  @Benchmark
  public JsonObject uncachedCall() throws Exception {
    return uncached.request(Addresses.CALL, call);
  }

  /** The layer under both: a bare event-bus request/reply. */
  @Benchmark
  public JsonObject bareRequestReply() throws Exception {
    return cached.request("bench.bare", call);
  }
}
