package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.examples.ExamplePlugin;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * The cost of a call through the coordinator, in-process, against the layer under it: a bare
 * event-bus request to a consumer that replies at once.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EchoBench {

  private static final int BATCH = 1000;

  private BenchHost bench;
  private MessageConsumer<JsonObject> bare;
  private JsonObject batchOfEchoes;
  private JsonObject oneEcho;

  @Setup(Level.Trial)
  public void start() throws Exception {
    bench = new BenchHost(Files.createTempDirectory("tunacode-echo"), new HostOptions(), new ExamplePlugin());
    bare = bench.vertx.eventBus().consumer("bench.bare", msg -> msg.reply(msg.body()));
    bare.completion().toCompletionStage().toCompletableFuture().get();
    JsonArray calls = new JsonArray();
    for (int i = 0; i < BATCH; i++) {
      calls.add(new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "hi")));
    }
    batchOfEchoes = new JsonObject().put("calls", calls).put("maxParallel", 64);
    oneEcho = new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "hi"));
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    bare.unregister().toCompletionStage().toCompletableFuture().get();
    bench.close();
  }

  /** Calls per second: one op is one call of a 1,000-call batch. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public JsonObject echoBatchOf1000() throws Exception {
    return bench.request(Addresses.BATCH, batchOfEchoes);
  }

  /** Latency of one tunacode.call, sampled for percentiles. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public JsonObject echoSingleCall() throws Exception {
    return bench.request(Addresses.CALL, oneEcho);
  }

  /** The layer under us: one bare event-bus request/reply, sampled for percentiles. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public JsonObject bareRequestReply() throws Exception {
    return bench.request("bench.bare", oneEcho);
  }
}
