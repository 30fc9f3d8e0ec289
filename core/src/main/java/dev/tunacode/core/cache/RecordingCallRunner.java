package dev.tunacode.core.cache;

import dev.tunacode.core.coordinator.CallRunner;
import dev.tunacode.core.coordinator.RunOutput;
import dev.tunacode.core.registry.ToolRegistry;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.spi.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;

/**
 * Records in the workspace's {@link WorkspaceChanges} what the host's own calls change: a write's paths,
 * and a command's start and end, as the tool's future completes and before the result goes anywhere, so
 * that a later call of the session finds the change recorded. The result cache and the file tree of the
 * built-in tools both rely on it.
 */
public final class RecordingCallRunner implements CallRunner {

  private final CallRunner tools;
  private final WorkspaceChanges changes;

  public RecordingCallRunner(CallRunner tools, WorkspaceChanges changes) {
    this.tools = tools;
    this.changes = changes;
  }

  @Override
  public Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes) {
    return run(entered, call, writes, null);
  }

  @Override
  public Future<RunOutput> run(ToolRegistry.Entry entered, ToolCall call, List<Path> writes, Object expected) {
    return switch (entered.kind()) {
      case EXECUTE -> {
        changes.commandStarted();
        yield tools.run(entered, call, writes, expected).andThen(done -> changes.commandEnded());
      }
      case WRITE -> tools.run(entered, call, writes, expected).andThen(done -> changes.written(writes));
      case READ_ONLY -> tools.run(entered, call, writes, expected);
    };
  }

  @Override
  public Object expect(ToolRegistry.Entry entry, JsonObject args, Footprint footprint) {
    return tools.expect(entry, args, footprint);
  }
}
