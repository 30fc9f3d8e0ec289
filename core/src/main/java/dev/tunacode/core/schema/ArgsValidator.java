package dev.tunacode.core.schema;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeSet;

/**
 * Checks call arguments against the small JSON-schema subset tools declare (see
 * {@link dev.tunacode.core.spi.Tool#schema()}). Hand-written rather than a schema library because core
 * may depend on vertx-core and Jackson only, and because every message must name the field and say what
 * to send instead, in words a model can act on.
 */
public final class ArgsValidator {

  private ArgsValidator() {
  }

  /**
   * @param tool   the tool name, for messages
   * @param schema the tool's schema
   * @param args   the arguments; null is taken as {@code {}}
   * @return the arguments, unchanged
   * @throws ToolException with {@code INVALID_ARGS} naming the first bad field
   */
  public static JsonObject validate(String tool, JsonObject schema, JsonObject args) {
    JsonObject checked = args == null ? new JsonObject() : args;
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (Map.Entry<String, Object> field : checked) {
      JsonObject property = properties.getJsonObject(field.getKey());
      if (property == null) {
        if (schema.getBoolean("additionalProperties", false)) {
          continue;
        }
        throw invalid(tool, "Unknown argument '" + field.getKey() + "'. " + known(properties));
      }
      checkValue(tool, field.getKey(), property, field.getValue());
    }
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    for (Object name : required) {
      if (checked.getValue((String) name) == null) {
        String type = properties.getJsonObject((String) name, new JsonObject()).getString("type", "value");
        throw invalid(tool, "Missing required argument '" + name + "' (" + type + ").");
      }
    }
    return checked;
  }

  private static void checkValue(String tool, String name, JsonObject property, Object value) {
    if (value == null) {
      return;
    }
    String type = property.getString("type");
    if (type != null && !hasType(type, value)) {
      throw invalid(tool, "Argument '" + name + "' must be " + article(type) + ", got " + describe(value) + ".");
    }
    JsonArray allowed = property.getJsonArray("enum");
    if (allowed != null && !allowed.contains(value)) {
      throw invalid(tool, "Argument '" + name + "' must be one of " + allowed.encode() + ", got " + describe(value) + ".");
    }
    if (value instanceof Number number) {
      Number minimum = property.getNumber("minimum");
      if (minimum != null && number.doubleValue() < minimum.doubleValue()) {
        throw invalid(tool, "Argument '" + name + "' must be at least " + minimum + ", got " + value + ".");
      }
      Number maximum = property.getNumber("maximum");
      if (maximum != null && number.doubleValue() > maximum.doubleValue()) {
        throw invalid(tool, "Argument '" + name + "' must be at most " + maximum + ", got " + value + ".");
      }
    }
    if (value instanceof JsonArray array && property.getJsonObject("items") != null) {
      for (int i = 0; i < array.size(); i++) {
        checkValue(tool, name + "[" + i + "]", property.getJsonObject("items"), array.getValue(i));
      }
    }
  }

  private static boolean hasType(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "integer" -> value instanceof Integer || value instanceof Long
        || (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue()));
      case "number" -> value instanceof Number;
      case "array" -> value instanceof JsonArray;
      case "object" -> value instanceof JsonObject;
      default -> true;
    };
  }

  private static String article(String type) {
    return switch (type) {
      case "integer", "array", "object" -> "an " + type;
      default -> "a " + type;
    };
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof Boolean) {
      return "boolean " + value;
    }
    return "number " + value;
  }

  private static String known(JsonObject properties) {
    if (properties.isEmpty()) {
      return "This tool takes no arguments.";
    }
    return "Known arguments: " + String.join(", ", new TreeSet<>(properties.fieldNames())) + ".";
  }

  private static ToolException invalid(String tool, String message) {
    return new ToolException(ErrorCode.INVALID_ARGS, "Invalid arguments for " + tool + ": " + message);
  }
}
