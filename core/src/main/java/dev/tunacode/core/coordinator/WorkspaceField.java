package dev.tunacode.core.coordinator;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonObject;

/**
 * Checks a request's {@code "workspace"} against the one this host serves. A request that names none is
 * for this host's workspace, whatever its id: a host alone serves one.
 */
final class WorkspaceField {

  private final String served;

  WorkspaceField(String served) {
    this.served = served;
  }

  /** @throws ToolException {@code INVALID_ARGS} when it is not a name, {@code NOT_FOUND} when it names another workspace */
  void check(JsonObject request) {
    Object named = request.getValue("workspace");
    if (named == null || served.equals(named)) {
      return;
    }
    if (!(named instanceof String id) || id.isBlank()) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "'workspace' must be a workspace's id (a string such as \""
        + served + "\"), or left out for the host's own.");
    }
    String shown = id.length() > 80 ? id.substring(0, 80) + "…" : id;
    throw new ToolException(ErrorCode.NOT_FOUND, "No workspace '" + shown + "' is served here. Served: '" + served
      + "'. Name that one, or leave 'workspace' out.");
  }
}
