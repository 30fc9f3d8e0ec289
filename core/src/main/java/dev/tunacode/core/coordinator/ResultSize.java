package dev.tunacode.core.coordinator;

import dev.tunacode.core.spi.JsonSizeHint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * About how long a result's JSON is, in characters, found by walking it without encoding it: strings by
 * their length, other scalars by a fixed width, and values that know their size by their hint. Close
 * enough to hold a reply to a budget; not a bound (an escaped or non-ASCII character takes more).
 */
public final class ResultSize {

  private static final long NUMBER = 12;

  private ResultSize() {
  }

  // Class checks first: an instanceof of an interface scans the class's interfaces, and an output may
  // hold a quarter of a million matches, each checked here.
  /** @return about how many characters the value's JSON takes */
  public static long of(Object value) {
    if (value == null) {
      return 4;
    }
    if (value instanceof String text) {
      return text.length() + 2;
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
    if (value instanceof JsonArray array) {
      return ofList(array.getList());
    }
    if (value instanceof JsonSizeHint hinted) {
      return hinted.jsonSizeHint();
    }
    if (value instanceof CharSequence text) {
      return text.length() + 2;
    }
    if (value instanceof Map<?, ?> map) {
      return ofMap(map);
    }
    if (value instanceof List<?> list) {
      return ofList(list);
    }
    return String.valueOf(value).length() + 2;
  }

  private static long ofMap(Map<?, ?> map) {
    long size = 2;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      size += String.valueOf(entry.getKey()).length() + 4 + of(entry.getValue());
    }
    return size;
  }

  private static long ofList(List<?> list) {
    long size = 2;
    for (Object item : list) {
      size += of(item) + 1;
    }
    return size;
  }
}
