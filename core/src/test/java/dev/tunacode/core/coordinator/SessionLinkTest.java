package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.PluginCalls;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.testing.ProbeTool;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A session's linking of calls whose paths are resolved late")
class SessionLinkTest {

  private static final Path ROOT = Path.of("/ws");

  private static PlannedCall call(int index, ToolKind kind, List<Path> reads, List<Path> writes) {
    PlannedCall call = new PlannedCall(index, String.valueOf(index), "probe", new JsonObject());
    call.tool = new ProbeTool("probe", kind, null);
    call.served = ToolRegistry.Entry.of(call.tool, "probes", new PluginCalls());
    call.resolved = new ResolvedFootprint(false, reads, writes);
    return call;
  }

  @Test
  @DisplayName("a deferred read behind a running write is not linked while its paths are resolved, even once the write ends")
  void notLinkedWhileResolving() {
    Session session = new Session("s");
    PlannedCall write = call(0, ToolKind.WRITE, List.of(), List.of(ROOT.resolve("a.txt")));
    session.take(write);
    assertThat(session.link()).isEmpty();

    PlannedCall read = call(1, ToolKind.READ_ONLY, List.of(ROOT), List.of());
    read.deferred = true;
    session.take(read);
    List<PlannedCall> again = session.link();
    assertThat(again).as("its paths are to be resolved before it is linked").containsExactly(read);

    session.finished(write);
    assertThat(session.link()).isEmpty();
    assertThat(read.held).as("the write ended, but its paths are still being resolved").isTrue();

    read.refined = new ResolvedFootprint(false, List.of(ROOT.resolve("b.txt")), List.of());
    session.resolvedAgain(again, session.commandsFinished());
    assertThat(session.link()).isEmpty();
    assertThat(read.held).isFalse();
    assertThat(read.resolved.reads()).containsExactly(ROOT.resolve("b.txt"));

    PlannedCall other = call(2, ToolKind.WRITE, List.of(), List.of(ROOT.resolve("c.txt")));
    session.take(other);
    session.link();
    assertThat(other.pendingDeps).as("a write of another file waits for nothing").isZero();
    PlannedCall same = call(3, ToolKind.WRITE, List.of(), List.of(ROOT.resolve("b.txt")));
    session.take(same);
    session.link();
    assertThat(same.pendingDeps).as("a write of the file read waits for the read").isEqualTo(1);

    session.finished(read);
    session.finished(other);
    session.finished(same);
    assertThat(session.idle()).isTrue();
  }

  @Test
  @DisplayName("a read linked before its paths are known has them resolved only when a write comes to be linked behind it")
  void refinedWhenAWriteComes() {
    Session session = new Session("s");
    PlannedCall read = call(0, ToolKind.READ_ONLY, List.of(ROOT), List.of());
    read.deferred = true;
    session.take(read);
    assertThat(session.link()).isEmpty();
    assertThat(read.held).isFalse();
    assertThat(session.takeToRefine()).as("no write waits: nothing to resolve").isEmpty();

    PlannedCall laterRead = call(1, ToolKind.READ_ONLY, List.of(ROOT.resolve("c.txt")), List.of());
    session.take(laterRead);
    session.link();
    assertThat(laterRead.held).as("a read never waits for a read").isFalse();
    assertThat(session.takeToRefine()).isEmpty();

    PlannedCall write = call(2, ToolKind.WRITE, List.of(), List.of(ROOT.resolve("a.txt")));
    session.take(write);
    assertThat(session.link()).isEmpty();
    assertThat(write.held).as("held until the read's paths are known").isTrue();
    List<PlannedCall> toRefine = session.takeToRefine();
    assertThat(toRefine).containsExactly(read);
    assertThat(session.takeToRefine()).as("asked for once").isEmpty();
    assertThat(session.idle()).isFalse();

    read.refined = new ResolvedFootprint(false, List.of(ROOT.resolve("b.txt")), List.of());
    session.refined(toRefine);
    session.link();
    assertThat(write.held).isFalse();
    assertThat(write.pendingDeps).as("a write of another file waits for neither read").isZero();

    PlannedCall same = call(3, ToolKind.WRITE, List.of(), List.of(ROOT.resolve("b.txt")));
    session.take(same);
    session.link();
    assertThat(session.takeToRefine()).as("the read is filed under its paths now").isEmpty();
    assertThat(same.held).isFalse();
    assertThat(same.pendingDeps).as("a write of the file read waits for the read").isEqualTo(1);

    List.of(read, laterRead, write, same).forEach(session::finished);
    assertThat(session.idle()).isTrue();
  }

  @Test
  @DisplayName("a read that ends before any write comes is never resolved, and a later write waits for nothing")
  void endedReadsAreNotRefined() {
    Session session = new Session("s");
    PlannedCall read = call(0, ToolKind.READ_ONLY, List.of(ROOT), List.of());
    read.deferred = true;
    session.take(read);
    session.link();
    session.finished(read);

    PlannedCall write = call(1, ToolKind.WRITE, List.of(), List.of(ROOT.resolve("a.txt")));
    session.take(write);
    session.link();
    assertThat(session.takeToRefine()).isEmpty();
    assertThat(write.held).isFalse();
    assertThat(write.pendingDeps).isZero();
    session.finished(write);
    assertThat(session.idle()).isTrue();
  }

  @Test
  @DisplayName("a command after reads standing for the workspace waits for each of them, and resolves none")
  void commandWaitsForStandIns() {
    Session session = new Session("s");
    PlannedCall first = call(0, ToolKind.READ_ONLY, List.of(ROOT), List.of());
    PlannedCall second = call(1, ToolKind.READ_ONLY, List.of(ROOT), List.of());
    first.deferred = true;
    second.deferred = true;
    session.take(first);
    session.take(second);
    session.link();

    PlannedCall command = call(2, ToolKind.EXECUTE, List.of(), List.of());
    command.resolved = ResolvedFootprint.EVERYTHING;
    session.take(command);
    session.link();
    assertThat(command.held).isFalse();
    assertThat(command.pendingDeps).isEqualTo(2);
    assertThat(session.takeToRefine()).isEmpty();

    session.finished(first);
    session.finished(second);
    assertThat(command.pendingDeps).isZero();
    session.finished(command);
    assertThat(session.idle()).isTrue();
  }

  @Test
  @DisplayName("a read whose paths cannot be resolved keeps standing for the workspace: a later write waits for it")
  void unresolvableStandIn() {
    Session session = new Session("s");
    PlannedCall read = call(0, ToolKind.READ_ONLY, List.of(ROOT), List.of());
    read.deferred = true;
    session.take(read);
    session.link();

    PlannedCall write = call(1, ToolKind.WRITE, List.of(), List.of(ROOT.resolve("a.txt")));
    session.take(write);
    session.link();
    List<PlannedCall> toRefine = session.takeToRefine();
    read.refined = ResolvedFootprint.EVERYTHING;
    session.refined(toRefine);
    session.link();

    assertThat(write.held).isFalse();
    assertThat(write.pendingDeps).as("it waits for the read, whatever that reads").isEqualTo(1);
    session.finished(read);
    session.finished(write);
    assertThat(session.idle()).isTrue();
  }
}
