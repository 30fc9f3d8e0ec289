package dev.tunacode.core.coordinator;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;

/**
 * The one place where a failure becomes the wire's {@code {"code","message"}} error object.
 */
public final class CallErrors {

  private static final Logger LOG = LoggerFactory.getLogger(CallErrors.class);
  private static final String TIMEOUT_MESSAGE = "The call to %s did not finish in time and was abandoned. "
    + "Narrow the call (a smaller folder, a more specific pattern) or raise timeoutMs.";

  private CallErrors() {
  }

  /** @return the error object for a failed call of {@code tool} */
  public static JsonObject toError(String tool, Throwable failure) {
    if (failure instanceof ToolException e) {
      return error(e.code(), e.getMessage());
    }
    if (failure instanceof ReplyException e) {
      return switch (e.failureType()) {
        case TIMEOUT -> error(ErrorCode.TIMEOUT, TIMEOUT_MESSAGE.formatted(tool));
        case NO_HANDLERS -> error(ErrorCode.UNKNOWN_TOOL, "The tool '" + tool + "' is no longer available on this host. "
          + "List the tools again with tunacode.tools.");
        default -> error(ErrorCode.INTERNAL, "The call to " + tool + " failed: " + e.getMessage());
      };
    }
    Throwable cause = failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : failure;
    // A tool that lets the file system's refusal through has still met an I/O error, not a bug.
    if (cause instanceof AccessDeniedException e) {
      return error(ErrorCode.IO_ERROR, "Permission denied: '" + e.getFile() + "'. The host may not read or change it; "
        + "use another path, or fix its permissions.");
    }
    if (cause instanceof IOException e) {
      return error(ErrorCode.IO_ERROR, "The call to " + tool + " failed reading or writing: " + e.getMessage()
        + ". Check the path, or try again.");
    }
    LOG.warn("Tool {} failed unexpectedly", tool, failure);
    return error(ErrorCode.INTERNAL, "The call to " + tool + " failed unexpectedly: " + failure
      + ". This is a bug in the tool; try another way to do the same thing.");
  }

  /** @return the failure of a call that ran past its time limit */
  public static ToolException timeout(String tool) {
    return new ToolException(ErrorCode.TIMEOUT, TIMEOUT_MESSAGE.formatted(tool));
  }

  /** @return an error object */
  public static JsonObject error(ErrorCode code, String message) {
    return new JsonObject().put("code", code.name()).put("message", message);
  }
}
