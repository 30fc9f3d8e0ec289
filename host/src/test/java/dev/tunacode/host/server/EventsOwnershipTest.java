package dev.tunacode.host.server;

import dev.tunacode.host.testing.BridgeHost;
import dev.tunacode.host.testing.LoggedProblems;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import static dev.tunacode.host.testing.BridgeHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("An events address belongs to the connection that first used it")
class EventsOwnershipTest {

  @RegisterExtension
  static final BridgeHost HOST = new BridgeHost(options -> options.setMaxOutstanding(3));
  @RegisterExtension
  final LoggedProblems logged = new LoggedProblems();

  static String fresh() {
    return "tunacode.events." + UUID.randomUUID();
  }

  static String taken(String address) {
    return "The events address '" + address + "' belongs to another connection. Name one of your own, such as "
      + "'tunacode.events.' and a random id.";
  }

  static WireSocket open() throws IOException {
    WireSocket socket = WireSocket.open(HOST.port(), "/eventbus/websocket?token=" + TOKEN);
    assertThat(socket.status).isEqualTo(101);
    return socket;
  }

  static void register(WireSocket socket, String address) throws IOException {
    socket.sendText(new JsonObject().put("type", "register").put("address", address).encode());
  }

  static void batch(WireSocket socket, String replyAddress, String events, int sleepMs) throws IOException {
    socket.sendText(new JsonObject().put("type", "send").put("address", "tunacode.batch").put("replyAddress", replyAddress)
      .put("body", new JsonObject().put("events", events).put("calls", new JsonArray()
        .add(new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", sleepMs))))).encode());
  }

  static JsonObject next(WireSocket socket) throws IOException {
    return new JsonObject(socket.next().text());
  }

  static void skipRejected(WireSocket socket) throws IOException {
    assertThat(next(socket)).isEqualTo(new JsonObject().put("type", "err").put("body", "rejected"));
  }

  /** Runs a batch with events and @return its result's event, checking that the accepted event leads and the reply follows */
  static JsonObject runWithEvents(WireSocket socket, String events) throws IOException {
    batch(socket, "mine", events, 1);
    JsonObject accepted = next(socket);
    assertThat(accepted.getString("address")).isEqualTo(events);
    assertThat(accepted.getJsonObject("body").getString("type")).isEqualTo("accepted");
    JsonObject event = next(socket);
    assertThat(event.getString("address")).isEqualTo(events);
    assertThat(event.getJsonObject("body").getString("type")).isEqualTo("result");
    assertThat(next(socket).getString("address")).isEqualTo("mine");
    return event.getJsonObject("body");
  }

  @Test
  @DisplayName("registered first: another connection's register and batch naming it get 403, and only the owner hears its events")
  void registeredFirst() throws Exception {
    String events = fresh();
    try (WireSocket owner = open(); WireSocket other = open()) {
      register(owner, events);
      runWithEvents(owner, events);

      register(other, events);
      assertThat(next(other)).isEqualTo(ErrorFrames.refusal(null, 403, taken(events)));
      skipRejected(other);
      batch(other, "theirs", events, 1);
      assertThat(next(other)).isEqualTo(ErrorFrames.refusal("theirs", 403, taken(events)));
      skipRejected(other);

      assertThat(runWithEvents(owner, events).getInteger("index")).isZero();
    }
    assertThat(logged.all()).isEmpty();
  }

  @Test
  @DisplayName("named first in a batch: another connection's register gets 403")
  void namedFirst() throws Exception {
    String events = fresh();
    try (WireSocket owner = open(); WireSocket other = open()) {
      batch(owner, "mine", events, 1);
      assertThat(next(owner).getString("address")).isEqualTo("mine");

      register(other, events);

      assertThat(next(other)).isEqualTo(ErrorFrames.refusal(null, 403, taken(events)));
    }
  }

  @Test
  @DisplayName("ends when the owner disconnects and its last batch is done, cancelled as it goes: then another connection may take the address")
  void endsWithOwner() throws Exception {
    String events = fresh();
    try (WireSocket other = open()) {
      try (WireSocket owner = open()) {
        register(owner, events);
        owner.sendText(new JsonObject().put("type", "send").put("address", "tunacode.batch").put("replyAddress", "mine")
          .put("body", new JsonObject().put("events", events).put("calls", new JsonArray()
            .add(new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "first")))
            .add(new JsonObject().put("tool", "sleep").put("args", new JsonObject().put("ms", 3000))))).encode());
        assertThat(next(owner).getJsonObject("body").getString("type")).as("the batch is accepted").isEqualTo("accepted");
        assertThat(next(owner).getJsonObject("body").getInteger("index")).as("the batch runs").isZero();
        owner.abort();
      }
      // The owner's batch is cancelled as the owner goes, and the address is free once it has ended.
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
        batch(other, "try", events, 1);
        JsonObject answer = next(other);
        if ("err".equals(answer.getString("type"))) {
          skipRejected(other);
          return false;
        }
        assertThat(answer.getString("address")).isEqualTo("try");
        return true;
      });
      register(other, events);
      assertThat(runWithEvents(other, events).getInteger("index")).isZero();
    }
  }

  @Test
  @DisplayName("a connection listens on an address once, owns at most server.maxOutstanding, each at most 200 characters, "
    + "and no reply address is an events address")
  void limits() throws Exception {
    try (WireSocket socket = open()) {
      String first = fresh();
      register(socket, first);
      register(socket, first);
      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal(null, 400, "This connection already listens on '" + first + "'."));
      skipRejected(socket);

      register(socket, fresh());
      register(socket, fresh());
      register(socket, fresh());
      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal(null, 429,
        "This connection already owns 3 events addresses, the most allowed. Reuse one of them."));
      skipRejected(socket);

      socket.sendText(new JsonObject().put("type", "send").put("address", "tunacode.tools").put("replyAddress",
        "tunacode.events.r1").encode());
      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal("tunacode.events.r1", 400,
        "A replyAddress may not be an events address, as 'tunacode.events.r1' is."));
      skipRejected(socket);

      String long201 = "tunacode.events." + "x".repeat(185);
      batch(socket, "long", long201, 1);
      assertThat(next(socket)).isEqualTo(ErrorFrames.refusal("long", 400,
        "An events address is at most 200 characters; this one is 201."));
      skipRejected(socket);
    }
    assertThat(logged.all()).isEmpty();
  }
}
