package dev.tunacode.host.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * An upper bound on the length of a JSON value's encoding, in characters and in UTF-8 bytes alike, found by
 * walking it without writing anything. The bridge guard checks every message against its size limit;
 * encoding each one to measure it cost more than the rest of the guard, and a bound well under the limit
 * settles almost every message.
 */
final class JsonSizeBound {

  /** The longest a character can become in JSON text: an escape such as {@code \u0000}. */
  private static final long ESCAPED = 6;
  /** Longer than any encoded number. */
  private static final long NUMBER = 32;

  private JsonSizeBound() {
  }

  /** @return a length the encoding of {@code value} never exceeds, or Long.MAX_VALUE when unsure */
  static long of(Object value) {
    return of(value, Long.MAX_VALUE);
  }

  /**
   * @return whether the bound is over {@code limit}; the walk stops there, so that a value of tens of megabytes
   * costs no more to judge than one just over the limit
   */
  static boolean exceeds(Object value, long limit) {
    return of(value, limit) > limit;
  }

  // Past stopAbove the result is only known to be larger than it.
  private static long of(Object value, long stopAbove) {
    if (value == null) {
      return 4;
    }
    if (value instanceof CharSequence text) {
      return 2 + ESCAPED * text.length();
    }
    if (value instanceof BigInteger || value instanceof BigDecimal) {
      return value.toString().length();
    }
    if (value instanceof Number) {
      return NUMBER;
    }
    if (value instanceof Boolean) {
      return 5;
    }
    if (value instanceof JsonObject object) {
      return ofMap(object.getMap(), stopAbove);
    }
    if (value instanceof Map<?, ?> map) {
      return ofMap(map, stopAbove);
    }
    if (value instanceof JsonArray array) {
      return ofList(array.getList(), stopAbove);
    }
    if (value instanceof List<?> list) {
      return ofList(list, stopAbove);
    }
    return Long.MAX_VALUE;
  }

  private static long ofMap(Map<?, ?> map, long stopAbove) {
    long size = 2;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      size = add(size, of(String.valueOf(entry.getKey())) + 2);
      size = add(size, of(entry.getValue(), stopAbove - size));
      if (size > stopAbove) {
        return size;
      }
    }
    return size;
  }

  private static long ofList(List<?> list, long stopAbove) {
    long size = 2;
    for (Object item : list) {
      size = add(size, of(item, stopAbove - size) + 1);
      if (size > stopAbove) {
        return size;
      }
    }
    return size;
  }

  private static long add(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
