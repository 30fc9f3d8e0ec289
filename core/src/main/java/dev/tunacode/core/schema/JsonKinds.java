package dev.tunacode.core.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Names a JSON value's kind the way the host's messages do: "a string", "an array", "null".
 */
public final class JsonKinds {

  private JsonKinds() {
  }

  /** @return the value's kind, with its article; a class that is not JSON by its simple name */
  public static String of(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    return value instanceof JsonObject ? "an object" : "a " + value.getClass().getSimpleName();
  }
}
