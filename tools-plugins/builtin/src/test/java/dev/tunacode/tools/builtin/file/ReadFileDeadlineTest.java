package dev.tunacode.tools.builtin.file;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a host with one pool thread, a read_file that times out must give the thread back: the next call
 * then runs, where it would wait behind the reading of a terabyte.
 */
@DisplayName("read_file past its time limit")
class ReadFileDeadlineTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace(new HostOptions().setIoPoolSize(1));
  Path root;
  Vertx vertx;
  BuiltinHost host;

  @BeforeEach
  void setUp() {
    root = workspace.root();
    vertx = workspace.vertx();
    host = workspace.host();
  }

  private JsonObject call(String tool, JsonObject args, long timeoutMs) throws Exception {
    JsonObject batch = new JsonObject().put("timeoutMs", timeoutMs)
      .put("calls", new JsonArray().add(new JsonObject().put("tool", tool).put("args", args)));
    return vertx.eventBus().<JsonObject>request(Addresses.BATCH, batch, new DeliveryOptions().setSendTimeout(120_000))
      .toCompletionStage().toCompletableFuture().get().body().getJsonArray("results").getJsonObject(0);
  }

  @Test
  @DisplayName("stops counting the lines of a 1 TB file and frees its pool thread for the next call")
  void terabyte() throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(root.resolve("huge.txt").toFile(), "rw")) {
      file.setLength(1L << 40);
    }
    Files.writeString(root.resolve("small.txt"), "ok\n");

    JsonObject huge = call("read_file", new JsonObject().put("filepath", "huge.txt").put("offset", 2), 1_000);
    JsonObject next = call("read_file", new JsonObject().put("filepath", "small.txt"), 20_000);

    assertThat(huge.getJsonObject("error").getString("code")).isEqualTo("TIMEOUT");
    assertThat(next.getJsonObject("output").getString("content")).isEqualTo("ok\n");
  }
}
