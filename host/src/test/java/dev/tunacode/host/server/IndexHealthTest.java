package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The content index in /health")
class IndexHealthTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(UnaryOperator.identity(), new VertxOptions(),
    new JsonObject().put("index", new JsonObject().put("enabled", true)));

  @Test
  @DisplayName("shows the index built at start, then the files an outside change brings, without a grep asking")
  void reportsTheIndex() throws Exception {
    JsonObject ready = until(index -> "ready".equals(index.getString("state")));
    assertThat(ready.getString("workspace")).isNotEmpty();
    assertThat(ready.getLong("maxBytes")).isEqualTo(256L << 20);
    assertThat(ready.getBoolean("full")).isFalse();
    assertThat(ready.getLong("builtMs")).isNotNegative();
    int before = ready.getInteger("files");
    for (int i = 0; i < 3; i++) {
      Files.writeString(HOST.workspace().resolve("indexed-" + i + ".txt"), "text " + i + "\n");
    }
    // The files are counted as each is read, the sync only once it has ended.
    JsonObject after = until(index -> index.getInteger("files") == before + 3 && index.getInteger("pending") == 0
      && !index.getBoolean("syncing"));
    assertThat(after.getLong("bytes")).isPositive();
    assertThat(after.getLong("syncs")).isGreaterThan(ready.getLong("syncs"));
  }

  private static JsonObject until(java.util.function.Predicate<JsonObject> wanted) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      JsonObject health = HOST.get("/health?token=" + BridgeHost.TOKEN).json();
      JsonObject index = health.getJsonArray("index").getJsonObject(0);
      if (wanted.test(index)) {
        return index;
      }
      assertThat(System.nanoTime()).as("/health's index became %s", index.encode()).isLessThan(until);
      Thread.sleep(20);
    }
  }
}
