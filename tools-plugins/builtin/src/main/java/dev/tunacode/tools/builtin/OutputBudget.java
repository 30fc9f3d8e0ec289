package dev.tunacode.tools.builtin;

import dev.tunacode.core.spi.ToolCall;

/**
 * How much output a tool aims for: seven eighths of the host's budget for one call's output. The tools
 * weigh what they add roughly as they go; the host weighs the whole output, keys and punctuation
 * included, and refuses what passes the budget, so the tools keep out of its way.
 */
public final class OutputBudget {

  private OutputBudget() {
  }

  /** @return about how many characters of JSON the call's output should stay under */
  public static long of(ToolCall call) {
    return call.maxResultBytes() - call.maxResultBytes() / 8;
  }
}
