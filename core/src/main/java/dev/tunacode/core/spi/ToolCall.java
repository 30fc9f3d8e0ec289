package dev.tunacode.core.spi;

import io.vertx.core.json.JsonObject;

/**
 * One invocation of a tool: its validated arguments and the time it may take. A tool that starts
 * something it can stop (a process) should stop it when the time is up, because the coordinator will
 * already have answered {@code TIMEOUT} and moved on.
 *
 * @param args      validated arguments, defaults not filled in
 * @param timeoutMs the time limit of this call in milliseconds
 */
public record ToolCall(JsonObject args, long timeoutMs) {

  public ToolCall {
    if (args == null) {
      throw new IllegalArgumentException("args must not be null");
    }
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeoutMs must be positive, was " + timeoutMs);
    }
  }
}
