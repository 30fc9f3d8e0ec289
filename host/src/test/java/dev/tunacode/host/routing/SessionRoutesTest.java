package dev.tunacode.host.routing;

import dev.tunacode.core.spi.ToolKind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Where a session's requests go among the nodes of one shared folder")
class SessionRoutesTest {

  private static final Map<String, ToolKind> KINDS = Map.of("read_file", ToolKind.READ_ONLY, "write_file", ToolKind.WRITE);
  private final WorkspaceNode a = new WorkspaceNode("a", "w", "/w", 0, KINDS);
  private final WorkspaceNode b = new WorkspaceNode("b", "w", "/w", 0, KINDS);
  private final List<WorkspaceNode> both = List.of(a, b);
  private final SessionRoutes routes = new SessionRoutes();
  private final SessionRoutes.Route route = routes.route("w\ns");
  private long seq;

  // The least busy is the one with the fewest of this test's requests on it, then the first.
  private final SessionRoutes.Busyness busy = serving -> serving.stream()
    .min(java.util.Comparator.comparingInt(node -> route.readsOn.getOrDefault(node.node(), 0))).orElseThrow();

  private Forward forward(String tool) {
    Forward forward = new Forward(++seq, "g-" + seq, answer -> { }, new JsonObject().put("tool", tool), true, "w", route.key);
    forward.readOnly = a.readsOnly(tool);
    return forward;
  }

  private WorkspaceNode send(Forward forward) {
    WorkspaceNode target = routes.place(forward, route, both, busy, false);
    if (target != null) {
      forward.node = target;
      routes.sent(route, forward);
    }
    return target;
  }

  @Test
  @DisplayName("reads with no write in flight spread; a write goes to the node its session's reads are on, and is pinned there")
  void writeJoinsItsReads() {
    Forward firstWrite = forward("write_file");
    assertThat(send(firstWrite)).isEqualTo(a);
    routes.settled(route, firstWrite);
    Forward read = forward("read_file");
    Forward otherRead = forward("read_file");
    assertThat(send(read)).isEqualTo(a);
    assertThat(send(otherRead)).as("the least busy").isEqualTo(b);
    routes.settled(route, read);

    Forward write = forward("write_file");
    assertThat(send(write)).as("where the read still in flight is, not the earlier pin").isEqualTo(b);
    assertThat(route.pinned).isEqualTo("b");
    assertThat(send(forward("read_file"))).as("a read after a write in flight goes where the write went").isEqualTo(b);
  }

  @Test
  @DisplayName("a write waits while its session's reads are on two nodes, and everything after it waits behind it")
  void writeWaitsForReadsOnTwoNodes() {
    Forward onA = forward("read_file");
    Forward onB = forward("read_file");
    assertThat(send(onA)).isEqualTo(a);
    assertThat(send(onB)).isEqualTo(b);

    Forward write = forward("write_file");
    assertThat(send(write)).isNull();
    route.held.add(write);
    assertThat(send(forward("read_file"))).as("a read behind the held write").isNull();

    routes.settled(route, onB);
    assertThat(routes.place(write, route, both, busy, true)).as("once the reads are on one node, it joins them").isEqualTo(a);
  }
}
