package dev.tunacode.core.registry;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.ToolHost;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Each tool's own address")
class ToolVerticleTest {

  @TempDir
  Path root;
  private ToolHost host;

  @BeforeEach
  void startHost(Vertx vertx) throws Exception {
    Files.writeString(root.resolve("a.txt"), "alpha");
    host = TestHosts.start(vertx, root, new ProbePlugin()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopHost() throws Exception {
    host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("runs the tool and answers its output in an ok envelope")
  void ok(Vertx vertx) throws Exception {
    JsonObject reply = request(vertx, "probe", new JsonObject().put("path", "a.txt"));

    assertThat(reply.getBoolean("ok")).isTrue();
    assertThat(reply.getJsonObject("output").getString("text")).isEqualTo("alpha");
  }

  @Test
  @DisplayName("answers a tool's failure as an error envelope with its code")
  void failure(Vertx vertx) throws Exception {
    JsonObject reply = request(vertx, "probe", new JsonObject().put("fail", true));

    assertThat(reply).isEqualTo(new JsonObject().put("ok", false)
      .put("error", new JsonObject().put("code", "IO_ERROR").put("message", "probe failed as asked")));
  }

  private static JsonObject request(Vertx vertx, String tool, JsonObject args) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.tool(tool), args,
        new DeliveryOptions().addHeader(ToolVerticle.TIMEOUT_HEADER, "5000"))
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
  }
}
