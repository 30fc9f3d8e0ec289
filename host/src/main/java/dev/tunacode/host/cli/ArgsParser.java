package dev.tunacode.host.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Turns {@code key=value} words and an optional {@code --args} JSON object into a call's arguments.
 * A value takes the type its schema gives the key where it parses as that type; otherwise it stays a
 * string, and the host's own check names the field and what it wanted.
 */
final class ArgsParser {

  private ArgsParser() {
  }

  /**
   * @throws IllegalArgumentException for a word without '=' or a JSON text that is not an object
   */
  static JsonObject parse(List<String> pairs, String json, JsonObject schema) {
    JsonObject args;
    try {
      args = json == null ? new JsonObject() : new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("--args must be a JSON object, such as '{\"filepath\":\"README.md\"}'");
    }
    JsonObject properties = schema == null ? new JsonObject() : schema.getJsonObject("properties", new JsonObject());
    for (String pair : pairs == null ? List.<String>of() : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("'" + pair + "' is not key=value; write for example filepath=README.md");
      }
      String key = pair.substring(0, eq);
      String value = pair.substring(eq + 1);
      String type = properties.getJsonObject(key, new JsonObject()).getString("type", "string");
      args.put(key, typed(type, value));
    }
    return args;
  }

  private static Object typed(String type, String value) {
    try {
      return switch (type) {
        case "integer" -> Long.parseLong(value.trim());
        case "number" -> Double.parseDouble(value.trim());
        case "boolean" -> value.equalsIgnoreCase("true") ? Boolean.TRUE
          : value.equalsIgnoreCase("false") ? Boolean.FALSE : value;
        case "array" -> new JsonArray(value);
        case "object" -> new JsonObject(value);
        default -> value;
      };
    } catch (NumberFormatException | DecodeException | ClassCastException notThatType) {
      return value;
    }
  }
}
