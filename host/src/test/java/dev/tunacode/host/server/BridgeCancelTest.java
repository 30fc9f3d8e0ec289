package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import dev.tunacode.host.testing.Processes;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Cancelling over the bridge")
class BridgeCancelTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost();

  @Test
  @DisplayName("a client that disconnects has its running bash killed, group and all; another connection's call of the same session runs until it is cancelled by session")
  void disconnectKillsOwnCallsOnly() throws Exception {
    String name = UUID.randomUUID().toString();
    String session = "shared-" + name;
    try (WireSocket other = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      int[] leaving;
      try (WireSocket leaver = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
        leaver.sendText(sleepingBash("r1", session, name + "-a"));
        leaving = pids(name + "-a");
        other.sendText(sleepingBash("r1", session, name + "-b"));
        leaver.abort();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.alive(leaving[0]) && !Processes.alive(leaving[1]));
      int[] staying = pids(name + "-b");
      assertThat(Processes.alive(staying[0]) && Processes.alive(staying[1])).as("the other connection's command starts and runs").isTrue();

      other.sendText(send("tunacode.cancel", "c1", new JsonObject().put("session", session)));
      Map<String, JsonObject> replies = replies(other, 2);
      JsonObject cancelled = replies.get("c1");
      assertThat(cancelled.getBoolean("ok")).isTrue();
      assertThat(cancelled.getInteger("cancelled")).isEqualTo(1);
      assertThat(cancelled.getJsonArray("calls")).hasSize(1);
      assertThat(cancelled.getJsonArray("calls").getJsonObject(0).getString("tool")).isEqualTo("bash");
      assertThat(cancelled.getJsonArray("calls").getJsonObject(0).getString("state")).isEqualTo("running");
      assertThat(replies.get("r1").getJsonObject("error").getString("code")).isEqualTo("CANCELLED");
      await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.alive(staying[0]) && !Processes.alive(staying[1]));
    }
  }

  @Test
  @DisplayName("a cancel without a target cancels this connection's calls; one naming another connection still names only its own")
  void connectionIsOwn() throws Exception {
    String name = UUID.randomUUID().toString();
    try (WireSocket mine = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN);
         WireSocket theirs = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN)) {
      theirs.sendText(sleepingBash("r1", null, name + "-theirs"));
      int[] their = pids(name + "-theirs");

      mine.sendText(send("tunacode.cancel", "c1", new JsonObject().put("connection", "anything at all")));
      JsonObject nothing = replies(mine, 1).get("c1");
      assertThat(nothing.getBoolean("ok")).isTrue();
      assertThat(nothing.getInteger("cancelled")).isZero();
      assertThat(nothing.getString("text"))
        .isEqualTo("Nothing to cancel: no call of this connection is waiting or running. It has finished, or there was none.");

      mine.sendText(sleepingBash("r1", null, name + "-mine"));
      int[] own = pids(name + "-mine");
      mine.sendText(send("tunacode.cancel", "c2", null));
      Map<String, JsonObject> replies = replies(mine, 2);
      assertThat(replies.get("c2").getInteger("cancelled")).isEqualTo(1);
      assertThat(replies.get("r1").getJsonObject("error").getString("code")).isEqualTo("CANCELLED");
      await().atMost(Duration.ofSeconds(10)).until(() -> !Processes.alive(own[0]) && !Processes.alive(own[1]));
      assertThat(Processes.alive(their[0]) && Processes.alive(their[1])).as("another connection's command is not touched").isTrue();

      theirs.sendText(send("tunacode.cancel", "c1", null));
      assertThat(replies(theirs, 2).get("c1").getInteger("cancelled")).isEqualTo(1);
    }
  }

  // The shell and its child each write their pid, so that both can be looked for in /proc.
  private static String sleepingBash(String replyAddress, String session, String name) {
    JsonObject body = new JsonObject().put("tool", "bash").put("args", new JsonObject()
      .put("command", "echo $$ > " + name + ".shell; sleep 60 & echo $! > " + name + ".child; wait"));
    if (session != null) {
      body.put("session", session);
    }
    return send("tunacode.call", replyAddress, body);
  }

  private static String send(String address, String replyAddress, JsonObject body) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress);
    return (body == null ? frame : frame.put("body", body)).encode();
  }

  private static int[] pids(String name) {
    return new int[] {Processes.written(HOST.workspace().resolve(name + ".shell")),
      Processes.written(HOST.workspace().resolve(name + ".child"))};
  }

  /** @return the bodies of the next {@code count} replies, by their address */
  private static Map<String, JsonObject> replies(WireSocket socket, int count) throws IOException {
    Map<String, JsonObject> replies = new HashMap<>();
    while (replies.size() < count) {
      WireSocket.Message message = socket.next();
      assertThat(message.opcode()).as("a frame, not a close: %s", message.reason()).isNotEqualTo(WireSocket.CLOSE);
      JsonObject frame = new JsonObject(message.text());
      assertThat(frame.getString("type")).as("%s", frame).isEqualTo("rec");
      replies.put(frame.getString("address"), frame.getJsonObject("body"));
    }
    return replies;
  }
}
