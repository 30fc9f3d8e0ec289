package dev.tunacode.core.spi;

import io.vertx.core.json.JsonObject;

/**
 * One invocation of a tool: its validated arguments, the time it may take, the size its output may
 * have, the signal that asks it to stop and the sink for output it sends as it goes.
 * <p>
 * A tool that starts something it can stop (a process, a long search) should stop it when
 * {@code cancellation} is requested: at the deadline the coordinator has already answered
 * {@code TIMEOUT}; on a cancel it answers with what the tool returns, so a search should return what it
 * found so far, marked {@code truncated}, and a command should fail with {@code CANCELLED}. A tool whose
 * output grows with what it finds (a search, a listing) should stop adding to it near
 * {@code maxResultBytes} and say so ({@code truncated}); the host refuses a larger output with
 * {@code TOO_LARGE}.
 *
 * @param args           validated arguments, defaults not filled in
 * @param timeoutMs      the time limit of this call in milliseconds
 * @param maxResultBytes about how large the output's JSON may be, in characters
 * @param cancellation   asks the tool to stop; see {@link Cancellation}
 * @param progress       where the tool may send parts of its output as it runs; see {@link Progress}
 */
public record ToolCall(JsonObject args, long timeoutMs, long maxResultBytes, Cancellation cancellation, Progress progress) {

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
    if (cancellation == null || progress == null) {
      throw new IllegalArgumentException("cancellation and progress must not be null");
    }
  }

  /** A call that nobody cancels or watches; its deadline still applies. */
  public ToolCall(JsonObject args, long timeoutMs, long maxResultBytes) {
    this(args, timeoutMs, maxResultBytes, new Cancellation(), Progress.NONE);
  }

  /** A call with the default output budget. */
  public ToolCall(JsonObject args, long timeoutMs) {
    this(args, timeoutMs, DEFAULT_MAX_RESULT_BYTES);
  }
}
