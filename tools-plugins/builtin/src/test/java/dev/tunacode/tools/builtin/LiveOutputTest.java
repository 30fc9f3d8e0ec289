package dev.tunacode.tools.builtin;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Output while a call runs, for a batch with an events address")
class LiveOutputTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();

  private static JsonObject call(String tool, JsonObject args) {
    return new JsonObject().put("tool", tool).put("args", args);
  }

  @Test
  @DisplayName("a command's lines come in order, as events, before its result")
  void commandLines() throws Exception {
    LiveEvents live = LiveEvents.send(workspace.vertx(), call("bash", new JsonObject()
      .put("command", "for i in 1 2 3 4 5; do echo line$i; echo err$i >&2; sleep 0.1; done")));
    JsonObject accepted = live.next("accepted");
    JsonObject first = live.next("output");
    List<JsonObject> events = live.all();

    String batchId = accepted.getString("batchId");
    assertThat(first.getString("batchId")).isEqualTo(batchId);
    assertThat(first.getString("callId")).isEqualTo(batchId + "/0");
    List<JsonObject> outputs = events.stream().filter(e -> "output".equals(e.getString("type"))).toList();
    assertThat(events.get(events.size() - 1).getString("type")).as("the result comes last").isEqualTo("result");
    assertThat(outputs.stream().filter(e -> "stdout".equals(e.getString("stream"))).count())
      .as("stdout came in more than one part, as it was written").isGreaterThan(1);
    assertThat(joined(outputs, "stdout")).isEqualTo("line1\nline2\nline3\nline4\nline5\n");
    assertThat(joined(outputs, "stderr")).isEqualTo("err1\nerr2\nerr3\nerr4\nerr5\n");
    assertThat(live.reply().getJsonArray("results").getJsonObject(0).getJsonObject("output").getString("stdout"))
      .isEqualTo("line1\nline2\nline3\nline4\nline5");
  }

  private static String joined(List<JsonObject> outputs, String stream) {
    return outputs.stream().filter(e -> stream.equals(e.getString("stream"))).map(e -> e.getString("data"))
      .collect(Collectors.joining());
  }

  @Test
  @DisplayName("a command that writes faster than events go out loses parts, counted in skipped, never the result's")
  void floodIsBounded() throws Exception {
    LiveEvents live = LiveEvents.send(workspace.vertx(), call("bash", new JsonObject()
      .put("command", "head -c 20000000 /dev/zero | tr '\\0' 'x'")));
    List<JsonObject> events = live.all();

    long delivered = events.stream().filter(e -> "stdout".equals(e.getString("stream")))
      .mapToLong(e -> e.getString("data").length()).sum();
    long skipped = events.stream().filter(e -> "stdout".equals(e.getString("stream")))
      .mapToLong(e -> e.getLong("skipped", 0L)).sum();
    JsonObject output = live.reply().getJsonArray("results").getJsonObject(0).getJsonObject("output");
    assertThat(delivered + skipped).as("every character was sent or counted").isEqualTo(20_000_000L);
    assertThat(skipped).isPositive();
    assertThat(output.getLong("stdoutBytes")).isEqualTo(20_000_000L);
  }

  @Test
  @DisplayName("a grep's matches come as it finds them")
  void grepMatches() throws Exception {
    for (int i = 0; i < 20; i++) {
      Files.writeString(workspace.root().resolve("f" + i + ".txt"), "one needle\nnone\ntwo needle\n");
    }
    LiveEvents live = LiveEvents.send(workspace.vertx(), call("grep", new JsonObject().put("pattern", "needle")
      .put("max_results", 1000)));
    List<JsonObject> events = live.all();

    long streamed = events.stream().filter(e -> "output".equals(e.getString("type")))
      .mapToLong(e -> e.getJsonArray("matches").size()).sum();
    assertThat(streamed).isEqualTo(40);
    assertThat(live.reply().getJsonArray("results").getJsonObject(0).getJsonObject("output").getJsonArray("matches")).hasSize(40);
  }
}
