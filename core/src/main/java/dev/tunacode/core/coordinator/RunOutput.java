package dev.tunacode.core.coordinator;

import io.vertx.core.json.JsonObject;

/**
 * A call's output and where it came from.
 *
 * @param cached true when an earlier call's output was served instead of running the tool
 */
public record RunOutput(JsonObject output, boolean cached) {

  /** @return the output of a tool that ran */
  public static RunOutput ran(JsonObject output) {
    return new RunOutput(output, false);
  }
}
