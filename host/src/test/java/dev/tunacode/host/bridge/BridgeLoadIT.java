package dev.tunacode.host.bridge;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The bridge under load")
class BridgeLoadIT {

  static final int CLIENTS = 20;
  static final int BATCHES = 10;
  static final int CALLS = 50;

  @TempDir
  Path workspace;

  @Test
  @DisplayName("answers 20 clients sending 500 calls each, every call in order and without error, with flat memory")
  void twentyClients() throws Exception {
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    String token = "load-test-token-0123456789";
    Vertx clients = Vertx.vertx();
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject())) {
      WebServer server = runtime.serve(new ServerOptions().setPort(0), token);
      String url = "http://127.0.0.1:" + server.port();

      round(clients, url, token);
      long before = heapAfterGc();
      for (int i = 0; i < 3; i++) {
        round(clients, url, token);
      }
      long after = heapAfterGc();

      // Heap after a full GC, before and after three more rounds of 10,000 calls: what a leak per call
      // or per connection would grow. 64 MiB leaves room for the JIT's and Netty's own caches.
      assertThat(after - before).as("heap growth in bytes (before %d, after %d)", before, after).isLessThan(64L << 20);
    } finally {
      clients.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static void round(Vertx vertx, String url, String token) throws Exception {
    List<Future<Void>> done = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      done.add(BridgeClient.connect(vertx, url, token).compose(bridge -> send(bridge, client, 0)
        .eventually(() -> {
          bridge.close();
          return Future.succeededFuture();
        })));
    }
    Future.all(done).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  // Each client sends its batches one after another, and checks every answer as it comes.
  private static Future<Void> send(BridgeClient bridge, int client, int batch) {
    if (batch == BATCHES) {
      return Future.succeededFuture();
    }
    JsonArray calls = new JsonArray();
    for (int i = 0; i < CALLS; i++) {
      String id = client + "-" + batch + "-" + i;
      calls.add(i % 10 == 0
        ? new JsonObject().put("id", id).put("tool", "sleep").put("args", new JsonObject().put("ms", 1))
        : new JsonObject().put("id", id).put("tool", "echo").put("args", new JsonObject().put("text", id)));
    }
    return bridge.request("tunacode.batch", new JsonObject().put("calls", calls)).compose(reply -> {
      JsonArray results = reply.getJsonArray("results");
      if (results.size() != CALLS) {
        return Future.failedFuture("client " + client + " batch " + batch + ": " + results.size() + " results");
      }
      for (int i = 0; i < CALLS; i++) {
        JsonObject result = results.getJsonObject(i);
        String id = client + "-" + batch + "-" + i;
        if (!id.equals(result.getString("id")) || !result.getBoolean("ok")) {
          return Future.failedFuture("client " + client + " batch " + batch + " call " + i + ": " + result.encode());
        }
      }
      return send(bridge, client, batch + 1);
    });
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
