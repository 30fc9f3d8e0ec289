package dev.tunacode.core.coordinator;

import io.vertx.core.json.JsonObject;

/**
 * A call's output and where it came from.
 *
 * @param cached true when an earlier call's output was served instead of running the tool
 * @param size   its size as {@link ResultSize#of} gives it, when known already; -1 otherwise
 */
public record RunOutput(JsonObject output, boolean cached, long size) {

  /** @return the output of a tool that ran */
  public static RunOutput ran(JsonObject output) {
    return new RunOutput(output, false, -1);
  }

  /** @return an earlier call's output, served again, whose size was weighed when it was kept */
  public static RunOutput served(JsonObject output, long size) {
    return new RunOutput(output, true, size);
  }
}
