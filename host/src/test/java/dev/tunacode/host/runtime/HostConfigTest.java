package dev.tunacode.host.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("The host configuration")
class HostConfigTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("reads the file and lets environment variables override it")
  void fileThenEnvironment(Vertx vertx) throws Exception {
    Path file = Files.writeString(dir.resolve("host.json"),
      "{\"coordinator\":{\"maxParallel\":4},\"server\":{\"port\":9000,\"host\":\"127.0.0.1\"},\"io\":{\"poolSize\":8}}");

    JsonObject config = load(vertx, file, Map.of("TUNACODE_PORT", "9100", "TUNACODE_TOKEN", "abcdefghijklmnop1234",
      "TUNACODE_MAX_PARALLEL", " 12 ", "TUNACODE_MAX_RUNNING", "6"));

    assertThat(config).isEqualTo(new JsonObject()
      .put("coordinator", new JsonObject().put("maxParallel", 12).put("maxRunning", 6))
      .put("server", new JsonObject().put("port", 9100).put("host", "127.0.0.1").put("token", "abcdefghijklmnop1234"))
      .put("io", new JsonObject().put("poolSize", 8)));
  }

  @Test
  @DisplayName("uses config/host.json under the workspace when no file is named, and nothing when there is none")
  void defaultFile() throws Exception {
    assertThat(HostConfig.choose(null, dir)).isNull();
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/host.json"), "{}");

    assertThat(HostConfig.choose(null, dir)).isEqualTo(dir.resolve("config/host.json"));
    assertThat(HostConfig.choose(dir.resolve("other.json"), dir)).isEqualTo(dir.resolve("other.json"));
  }

  @Test
  @DisplayName("says what is wrong with a missing file, bad JSON or a bad variable")
  void errors(Vertx vertx) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{not json");

    assertThatThrownBy(() -> load(vertx, dir.resolve("missing.json"), Map.of()))
      .hasCauseInstanceOf(IllegalArgumentException.class)
      .cause().hasMessage("The configuration file " + dir.resolve("missing.json") + " does not exist.");
    assertThatThrownBy(() -> load(vertx, bad, Map.of()))
      .cause().isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("The configuration file " + bad + " is not valid JSON: ");
    assertThatThrownBy(() -> load(vertx, null, Map.of("TUNACODE_PORT", "eighty")))
      .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("TUNACODE_PORT must be a whole number, was 'eighty'");
  }

  private static JsonObject load(Vertx vertx, Path file, Map<String, String> env) throws ExecutionException, InterruptedException,
    java.util.concurrent.TimeoutException {
    return HostConfig.load(vertx, file, env).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
