package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import dev.tunacode.tools.examples.ExamplePlugin;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Round trips over the bridge: one client's single-call latency and 64 calls outstanding, for {@code echo}
 * through our guarded bridge and coordinator, against a bare Vert.x bridge whose consumer replies at
 * once, measured in the same run with the same client.
 */
public final class BridgeBench {

  private BridgeBench() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path workspace = Files.createTempDirectory("tunacode-bridge-bench");
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Path jar = Path.of(ExamplePlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String token = "bridge-bench-token-0123456789";
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject())) {
      runtime.vertx().eventBus().<JsonObject>consumer("bench.echo", message -> message.reply(message.body()));
      WebServer ours = runtime.serve(new ServerOptions().setPort(0), token);
      HttpServer bare = bareBridge(runtime.vertx());
      Vertx clientVertx = Vertx.vertx();
      try {
        BridgeClient toOurs = await(BridgeClient.connect(clientVertx, "http://127.0.0.1:" + ours.port(), token));
        BridgeClient toBare = await(BridgeClient.connect(clientVertx, "http://127.0.0.1:" + bare.actualPort(), null));
        JsonObject echo = new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "hi"));
        JsonObject bareBody = new JsonObject().put("text", "hi");
        double[] ourRate = new double[rounds];
        double[] bareRate = new double[rounds];
        double[] ourP50 = new double[rounds];
        double[] bareP50 = new double[rounds];
        double[] ourP99 = new double[rounds];
        double[] bareP99 = new double[rounds];
        throughput(toOurs, Addresses.CALL, echo, 64, 2_000);
        throughput(toBare, "bench.echo", bareBody, 64, 2_000);
        for (int r = 0; r < rounds; r++) {
          ourRate[r] = throughput(toOurs, Addresses.CALL, echo, 64, 3_000);
          bareRate[r] = throughput(toBare, "bench.echo", bareBody, 64, 3_000);
          double[] ourLatency = latency(toOurs, Addresses.CALL, echo, 3_000);
          double[] bareLatency = latency(toBare, "bench.echo", bareBody, 3_000);
          ourP50[r] = Stats.median(ourLatency);
          ourP99[r] = Stats.percentile(ourLatency, 99);
          bareP50[r] = Stats.median(bareLatency);
          bareP99[r] = Stats.percentile(bareLatency, 99);
        }
        double rate = Stats.median(ourRate);
        double p50 = Stats.median(ourP50);
        System.out.printf(Locale.ROOT, "64 outstanding   ours %,9.0f calls/s   bare bridge %,9.0f calls/s   %.2f×   target ≥ 40,000 %s%n",
          rate, Stats.median(bareRate), rate / Stats.median(bareRate), rate >= 40_000 ? "met" : "MISSED");
        System.out.printf(Locale.ROOT, "1 client, 1 call ours p50 %.3f ms p99 %.3f ms   bare p50 %.3f ms p99 %.3f ms   %.2f×   target p50 ≤ 0.3 ms %s%n",
          p50, Stats.median(ourP99), Stats.median(bareP50), Stats.median(bareP99), p50 / Stats.median(bareP50), p50 <= 0.3 ? "met" : "MISSED");
        toOurs.close();
        toBare.close();
      } finally {
        clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static HttpServer bareBridge(Vertx vertx) throws Exception {
    Router router = Router.router(vertx);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx)
      .bridge(new SockJSBridgeOptions().addInboundPermitted(new PermittedOptions().setAddress("bench.echo"))));
    return await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  /** Calls per second with {@code window} requests always outstanding, for {@code millis}. */
  private static double throughput(BridgeClient client, String address, JsonObject body, int window, long millis) throws Exception {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    AtomicLong done = new AtomicLong();
    Promise<Void> finished = Promise.promise();
    AtomicLong inFlight = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < window; i++) {
      inFlight.incrementAndGet();
      keepGoing(client, address, body, end, done, inFlight, finished);
    }
    await(finished.future());
    return done.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static void keepGoing(BridgeClient client, String address, JsonObject body, long end, AtomicLong done,
                                AtomicLong inFlight, Promise<Void> finished) {
    client.request(address, body).onComplete(reply -> {
      if (reply.failed()) {
        finished.tryFail(reply.cause());
        return;
      }
      done.incrementAndGet();
      if (System.nanoTime() < end) {
        keepGoing(client, address, body, end, done, inFlight, finished);
      } else if (inFlight.decrementAndGet() == 0) {
        finished.tryComplete();
      }
    });
  }

  /** Milliseconds of each of {@code count} requests sent one after another. */
  private static double[] latency(BridgeClient client, String address, JsonObject body, int count) throws Exception {
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      await(client.request(address, body));
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return millis;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
