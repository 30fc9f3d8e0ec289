package dev.tunacode.core.spi;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * The one failure type a tool raises. Its code and message reach the client as
 * {@code {"ok":false,"error":{"code","message"}}}; the message should tell a model what to do instead.
 */
public class ToolException extends RuntimeException {

  private final ErrorCode code;
  private final JsonObject output;

  public ToolException(ErrorCode code, String message) {
    this(code, message, (Throwable) null);
  }

  public ToolException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.output = null;
  }

  /**
   * A failure that still has output to show, such as a cancelled command's output so far; it reaches
   * the client as the result's {@code output}, beside its {@code error}.
   */
  public ToolException(ErrorCode code, String message, JsonObject output) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.output = output;
  }

  /** @return the output the failed call still has, or null */
  public JsonObject output() {
    return output;
  }

  /** @return the stable code of this failure */
  public ErrorCode code() {
    return code;
  }
}
