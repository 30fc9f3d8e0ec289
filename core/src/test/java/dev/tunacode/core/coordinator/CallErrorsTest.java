package dev.tunacode.core.coordinator;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A failure that escapes a tool")
class CallErrorsTest {

  @Test
  @DisplayName("keeps the code and message of a ToolException")
  void toolException() {
    assertThat(CallErrors.toError("t", new ToolException(ErrorCode.NO_MATCH, "No match.")))
      .isEqualTo(new JsonObject().put("code", "NO_MATCH").put("message", "No match."));
  }

  @Test
  @DisplayName("is an IO_ERROR when the file system refused or failed, thrown or wrapped, not a bug in the tool")
  void fileSystem() {
    JsonObject denied = new JsonObject().put("code", "IO_ERROR").put("message", "Permission denied: '/ws/locked.txt'. "
      + "The host may not read or change it; use another path, or fix its permissions.");
    assertThat(CallErrors.toError("write_file", new AccessDeniedException("/ws/locked.txt"))).isEqualTo(denied);
    assertThat(CallErrors.toError("write_file", new UncheckedIOException(new AccessDeniedException("/ws/locked.txt"))))
      .isEqualTo(denied);
    assertThat(CallErrors.toError("my_tool", new IOException("No space left on device"))).isEqualTo(new JsonObject()
      .put("code", "IO_ERROR").put("message", "The call to my_tool failed reading or writing: No space left on device. "
        + "Check the path, or try again."));
  }

  @Test
  @DisplayName("is INTERNAL, a bug in the tool, when it is anything else")
  void bug() {
    assertThat(CallErrors.toError("my_tool", new IllegalStateException("oops"))).isEqualTo(new JsonObject()
      .put("code", "INTERNAL").put("message", "The call to my_tool failed unexpectedly: java.lang.IllegalStateException: oops. "
        + "This is a bug in the tool; try another way to do the same thing."));
  }
}
