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
import io.vertx.core.Promise;

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
  /** Requests whose paths wait to be resolved, in arrival order; touched on the coordinator's loop only. */
  private final List<Waiting> waiting = new ArrayList<>();
  private int resolving;
  private static final int MAX_ROUNDS = 2;

  private record Waiting(List<PlannedCall> calls, Promise<List<PlannedCall>> planned) {
  }

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
    if (!anyPaths) {
      return Future.succeededFuture(calls);
    }
    if (onlyReads(calls)) {
      defer(calls);
      return Future.succeededFuture(calls);
    }
    Promise<List<PlannedCall>> planned = Promise.promise();
    waiting.add(new Waiting(calls, planned));
    if (resolving < MAX_ROUNDS) {
      resolveWaiting();
    }
    return planned.future();
  }

  // A request of reads only need not wait for its paths: a read can only conflict with a write, so until
  // its paths are known it is taken to read the whole workspace, which is right if not precise. The
  // session refines it (see Session#admit); a single read_file so starts one hand-off to the pool sooner.
  private static boolean onlyReads(List<PlannedCall> calls) {
    for (PlannedCall call : calls) {
      if (!call.failedEarly() && (call.served.kind() != ToolKind.READ_ONLY
        || call.footprint.writes())) {
        return false;
      }
    }
    return true;
  }

  private void defer(List<PlannedCall> calls) {
    ResolvedFootprint wholeWorkspace = new ResolvedFootprint(false, List.of(workspace.root()), List.of());
    for (PlannedCall call : calls) {
      if (!call.failedEarly() && !call.footprint.accesses().isEmpty() && !call.resolved.everything()) {
        call.resolved = wholeWorkspace;
        call.deferred = true;
      }
    }
  }

  /**
   * Resolves calls' paths on the pool into {@link PlannedCall#refined}, for the session to take on its loop:
   * deferred reads a write waits behind, filed under their stand-in meanwhile, which must not change under
   * the session's feet ({@link Session#takeToRefine}), and held calls whose paths a command may have changed
   * ({@link Session#resolvedAgain}).
   */
  Future<Void> refine(List<PlannedCall> calls) {
    return io.run(() -> {
      for (PlannedCall call : calls) {
        // A call that has already ended (a read answered from the cache, say) waits for nothing and holds nothing up.
        if (!call.stopped) {
          call.refined = resolve(call.footprint);
        }
      }
      return null;
    });
  }

  // Requests that arrive while paths are being resolved wait and are resolved together in one task:
  // ten single calls sent at once took ten hand-offs to the pool and back before any could start. Two
  // rounds may be under way at once, so that one long round (a batch of thousands of paths) does not
  // hold back a small request behind it.
  private void resolveWaiting() {
    List<Waiting> round = new ArrayList<>(waiting);
    waiting.clear();
    resolving++;
    io.run(() -> {
      round.forEach(request -> resolveAll(request.calls()));
      return null;
    }).onComplete(done -> {
      for (Waiting request : round) {
        if (done.succeeded()) {
          request.planned().complete(request.calls());
        } else {
          request.planned().fail(done.cause());
        }
      }
      resolving--;
      if (!waiting.isEmpty() && resolving < MAX_ROUNDS) {
        resolveWaiting();
      }
    });
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
    call.served = entry;
    call.tool = entry.tool();
    if (entry.kind() == ToolKind.EXECUTE && !executeEnabled) {
      call.error = CallErrors.error(ErrorCode.DENIED, "Running commands is turned off on this host "
        + "(tools.execute.enabled=false), so " + call.toolName + " cannot run. Use the file tools instead.");
      return;
    }
    call.timeoutMs = batchTimeoutMs > 0 ? batchTimeoutMs : entry.timeoutMs();
    try {
      call.args = ArgsValidator.validate(call.toolName, entry.schema(), call.args);
      call.footprint = entry.kind() == ToolKind.EXECUTE ? Footprint.everything() : call.tool.footprint(call.args);
      if (call.footprint == null) {
        throw new IllegalStateException(call.toolName + ".footprint returned null; return Footprint.none() for no paths");
      }
    } catch (ToolException e) {
      call.error = CallErrors.error(e.code(), e.getMessage());
      return;
    } catch (RuntimeException | Error e) {
      // A plugin's footprint is its own code: whatever it throws, a missing class or worse, is this call's failure.
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

  /**
   * Lets a call into its tool as it starts. A call planned for a version of a plugin that has since been
   * replaced runs on the new one, once its arguments pass the new schema; one whose tool has since been
   * unloaded is answered {@code UNKNOWN_TOOL}. A call never finds neither version.
   *
   * @return the entry to run, counted in its plugin's calls
   * @throws ToolException when it cannot run
   */
  ToolRegistry.Entry enter(PlannedCall call) {
    ToolRegistry.Entry entered = registry.enter(call.served);
    if (entered == null) {
      throw new ToolException(ErrorCode.UNKNOWN_TOOL, "The tool '" + call.toolName + "' was unloaded (its plugin "
        + "was removed) before this call started. Known tools: " + String.join(", ", knownNames()) + ".");
    }
    if (entered == call.served) {
      return entered;
    }
    try {
      if (entered.kind() != call.served.kind()) {
        throw new ToolException(ErrorCode.UNKNOWN_TOOL, "The tool '" + call.toolName + "' was replaced, while this "
          + "call waited, by a version that is " + entered.kind() + " rather than " + call.served.kind()
          + ", so the call's place in the order no longer holds. Send it again.");
      }
      call.args = ArgsValidator.validate(call.toolName, entered.schema(), call.args);
      return entered;
    } catch (RuntimeException e) {
      entered.calls().exit();
      throw e;
    }
  }

  private List<String> knownNames() {
    List<String> names = new ArrayList<>();
    registry.all().forEach(entry -> names.add(entry.name()));
    return names;
  }
}
