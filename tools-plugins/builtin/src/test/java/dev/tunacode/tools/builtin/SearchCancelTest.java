package dev.tunacode.tools.builtin;

import dev.tunacode.core.Addresses;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A running grep that is cancelled")
class SearchCancelTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();

  @Test
  @DisplayName("stops at its next check and answers what it had found, truncated, saying it was cancelled")
  void partial() throws Exception {
    // One file with matches; another whose line sends the pattern into a search that never ends by itself.
    Files.writeString(workspace.root().resolve("a.txt"), "a needle in a line\n".repeat(50));
    Files.writeString(workspace.root().resolve("b.txt"), "x".repeat(5_000) + "\n");
    LiveEvents live = LiveEvents.send(workspace.vertx(), new JsonObject().put("tool", "grep").put("args", new JsonObject()
      .put("pattern", "needle|(x+x+)+y").put("use_regex", true).put("max_results", 100_000).put("timeout_ms", 600_000)));
    String batchId = live.next("accepted").getString("batchId");
    live.next("output"); // it has found a.txt's matches, and is stuck in b.txt

    JsonObject cancelled = workspace.vertx().eventBus().<JsonObject>request(Addresses.CANCEL,
      new JsonObject().put("batchId", batchId)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
    JsonObject result = live.reply().getJsonArray("results").getJsonObject(0);

    assertThat(cancelled.getJsonArray("calls").getJsonObject(0).getString("state")).isEqualTo("running");
    assertThat(result.getBoolean("ok")).as("%s", result.encode()).isTrue();
    JsonObject output = result.getJsonObject("output");
    assertThat(output.getBoolean("truncated")).as("%s", output.encode()).isTrue();
    assertThat(output.getString("text")).endsWith("[Search cancelled; results are partial.]");
    assertThat(output.getJsonArray("matches")).hasSize(50);
  }
}
