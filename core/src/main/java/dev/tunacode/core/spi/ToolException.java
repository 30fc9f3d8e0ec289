package dev.tunacode.core.spi;

import java.util.Objects;

/**
 * The one failure type a tool raises. Its code and message reach the client as
 * {@code {"ok":false,"error":{"code","message"}}}; the message should tell a model what to do instead.
 */
public class ToolException extends RuntimeException {

  private final ErrorCode code;

  public ToolException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ToolException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** @return the stable code of this failure */
  public ErrorCode code() {
    return code;
  }
}
