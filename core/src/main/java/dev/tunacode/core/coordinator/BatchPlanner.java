package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.schema.ArgsValidator;
import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch request into calls ready to schedule: looks each tool up, checks its arguments, asks it
 * for its footprint and resolves the footprint's paths on the shared pool (that is disk I/O). A path that
 * cannot be resolved makes the call conflict with everything; the call itself then reports the problem
 * when its turn comes. Linking calls to the ones they wait for is the session's ({@link Session}).
 */
final class BatchPlanner {

  private final ToolRegistry registry;
  private final Workspace workspace;
  private final BlockingIo io;
  private final boolean executeEnabled;

  BatchPlanner(ToolRegistry registry, Workspace workspace, BlockingIo io, boolean executeEnabled) {
    this.registry = registry;
    this.workspace = workspace;
    this.io = io;
    this.executeEnabled = executeEnabled;
  }

  Future<List<PlannedCall>> plan(BatchRequest request) {
    boolean anyPaths = false;
    for (PlannedCall call : request.calls()) {
      prepare(call, request.timeoutMs());
      anyPaths |= !call.failedEarly() && !call.footprint.accesses().isEmpty();
    }
    List<PlannedCall> calls = request.calls();
    Future<Void> resolved = anyPaths ? io.run(() -> resolveAll(calls)) : Future.succeededFuture();
    return resolved.map(done -> calls);
  }

  private void prepare(PlannedCall call, long batchTimeoutMs) {
    if (call.failedEarly()) {
      return;
    }
    ToolRegistry.Entry entry = registry.get(call.toolName);
    if (entry == null) {
      call.error = CallErrors.error(ErrorCode.UNKNOWN_TOOL, "There is no tool named '" + call.toolName
        + "'. Known tools: " + String.join(", ", knownNames()) + ".");
      return;
    }
    call.tool = entry.tool();
    if (call.tool.kind() == ToolKind.EXECUTE && !executeEnabled) {
      call.error = CallErrors.error(ErrorCode.DENIED, "Running commands is turned off on this host "
        + "(tools.execute.enabled=false), so " + call.toolName + " cannot run. Use the file tools instead.");
      return;
    }
    call.timeoutMs = batchTimeoutMs > 0 ? batchTimeoutMs : call.tool.defaultTimeoutMs();
    try {
      call.args = ArgsValidator.validate(call.toolName, call.tool.schema(), call.args);
      call.footprint = call.tool.kind() == ToolKind.EXECUTE ? Footprint.everything() : call.tool.footprint(call.args);
    } catch (ToolException e) {
      call.error = CallErrors.error(e.code(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      call.error = CallErrors.toError(call.toolName, e);
      return;
    }
    if (call.footprint.isEverything()) {
      call.resolved = ResolvedFootprint.EVERYTHING;
    }
  }

  private Void resolveAll(List<PlannedCall> calls) {
    for (PlannedCall call : calls) {
      if (!call.failedEarly() && !call.footprint.accesses().isEmpty()) {
        call.resolved = resolve(call.footprint);
      }
    }
    return null;
  }

  private ResolvedFootprint resolve(Footprint footprint) {
    List<Path> reads = new ArrayList<>(1);
    List<Path> writes = new ArrayList<>(1);
    for (Footprint.Access access : footprint.accesses()) {
      try {
        (access.write() ? writes : reads).add(workspace.resolve(access.path()));
      } catch (RuntimeException unresolvable) {
        return ResolvedFootprint.EVERYTHING;
      }
    }
    return new ResolvedFootprint(false, reads, writes);
  }

  private List<String> knownNames() {
    List<String> names = new ArrayList<>();
    registry.all().forEach(entry -> names.add(entry.tool().name()));
    return names;
  }
}
