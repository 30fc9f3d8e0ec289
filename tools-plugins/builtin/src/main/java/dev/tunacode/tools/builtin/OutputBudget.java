package dev.tunacode.tools.builtin;

import dev.tunacode.core.spi.ToolCall;

import java.util.List;
import java.util.function.ToLongFunction;

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

  /** @return how many of the first items fit in {@code budget}, each costing what {@code cost} says */
  public static <T> int fitting(List<T> items, ToLongFunction<T> cost, long budget) {
    long used = 0;
    for (int i = 0; i < items.size(); i++) {
      used += cost.applyAsLong(items.get(i));
      if (used > budget) {
        return i;
      }
    }
    return items.size();
  }
}
