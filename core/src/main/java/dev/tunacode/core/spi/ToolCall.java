package dev.tunacode.core.spi;

import io.vertx.core.json.JsonObject;

/**
 * One invocation of a tool: its validated arguments, the time it may take and the size its output may
 * have. A tool that starts something it can stop (a process) should stop it when the time is up,
 * because the coordinator will already have answered {@code TIMEOUT} and moved on. A tool whose output
 * grows with what it finds (a search, a listing) should stop adding to it near {@code maxResultBytes}
 * and say so ({@code truncated}); the host refuses a larger output with {@code TOO_LARGE}.
 *
 * @param args           validated arguments, defaults not filled in
 * @param timeoutMs      the time limit of this call in milliseconds
 * @param maxResultBytes about how large the output's JSON may be, in characters
 */
public record ToolCall(JsonObject args, long timeoutMs, long maxResultBytes) {

  /** The output budget when the host sets none: see {@code tools.maxResultBytes}. */
  public static final long DEFAULT_MAX_RESULT_BYTES = 4L * 1024 * 1024;

  public ToolCall {
    if (args == null) {
      throw new IllegalArgumentException("args must not be null");
    }
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeoutMs must be positive, was " + timeoutMs);
    }
    if (maxResultBytes <= 0) {
      throw new IllegalArgumentException("maxResultBytes must be positive, was " + maxResultBytes);
    }
  }

  /** A call with the default output budget. */
  public ToolCall(JsonObject args, long timeoutMs) {
    this(args, timeoutMs, DEFAULT_MAX_RESULT_BYTES);
  }
}
