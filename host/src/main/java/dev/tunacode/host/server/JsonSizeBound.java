package dev.tunacode.host.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * An upper bound on the length of a JSON value's encoding, found by walking it without writing anything.
 * The bridge guard checks every message against its size limit; encoding each one to measure it cost
 * more than the rest of the guard, and a bound well under the limit settles almost every message.
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
      return ofMap(object.getMap());
    }
    if (value instanceof Map<?, ?> map) {
      return ofMap(map);
    }
    if (value instanceof JsonArray array) {
      return ofList(array.getList());
    }
    if (value instanceof List<?> list) {
      return ofList(list);
    }
    return Long.MAX_VALUE;
  }

  private static long ofMap(Map<?, ?> map) {
    long size = 2;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      size = add(size, of(String.valueOf(entry.getKey())) + 2);
      size = add(size, of(entry.getValue()));
    }
    return size;
  }

  private static long ofList(List<?> list) {
    long size = 2;
    for (Object item : list) {
      size = add(size, of(item) + 1);
    }
    return size;
  }

  private static long add(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
