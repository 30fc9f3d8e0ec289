package dev.tunacode.core.schema;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks call arguments against the small JSON-schema subset tools declare (see
 * {@link dev.tunacode.core.spi.Tool#schema()}). Hand-written rather than a schema library because core
 * may depend on vertx-core and Jackson only, and because every message must name the field and say what
 * to send instead, in words a model can act on.
 */
public final class ArgsValidator {

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private ArgsValidator() {
  }

  /**
   * @param tool   the tool name, for messages
   * @param schema the tool's schema
   * @param args   the arguments; null is taken as {@code {}}
   * @return the arguments as the tool should read them: a field given as {@code null} is left out (as if
   * not given, so that its default applies), and a whole number written beyond a double's precision
   * becomes a {@code Long}; the same object when nothing needed that
   * @throws ToolException with {@code INVALID_ARGS} naming the first bad field
   */
  public static JsonObject validate(String tool, JsonObject schema, JsonObject args) {
    JsonObject checked = args == null ? new JsonObject() : normalized(args);
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

  // A field sent as null means "not given"; a tool reading it with a default would otherwise get null.
  private static JsonObject normalized(JsonObject args) {
    boolean clean = true;
    for (Map.Entry<String, Object> field : args) {
      Object value = field.getValue();
      clean &= value != null && !(value instanceof BigInteger) && !(value instanceof BigDecimal);
    }
    if (clean) {
      return args;
    }
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> field : args) {
      Object value = field.getValue();
      if (value != null) {
        copy.put(field.getKey(), asLongIfExact(value));
      }
    }
    return copy;
  }

  private static Object asLongIfExact(Object value) {
    if (!(value instanceof BigInteger) && !(value instanceof BigDecimal)) {
      return value;
    }
    BigDecimal exact = exact(value);
    boolean fits = exact.stripTrailingZeros().scale() <= 0 && exact.compareTo(LONG_MIN) >= 0 && exact.compareTo(LONG_MAX) <= 0;
    return fits ? exact.longValueExact() : value;
  }

  private static BigDecimal exact(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(d) : null;
    }
    if (value instanceof Number number) {
      return BigDecimal.valueOf(number.longValue());
    }
    return null;
  }

  private static void checkValue(String tool, String name, JsonObject property, Object value) {
    if (value == null) {
      if (name.endsWith("]") && property.getString("type") != null) {
        throw invalid(tool, "Argument '" + name + "' must be " + article(property.getString("type")) + ", got null.");
      }
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
      checkRange(tool, name, property, number);
    }
    if (value instanceof JsonArray array && property.getJsonObject("items") != null) {
      for (int i = 0; i < array.size(); i++) {
        checkValue(tool, name + "[" + i + "]", property.getJsonObject("items"), array.getValue(i));
      }
    }
  }

  // Compared exactly: as doubles, 2^63 equals Long.MAX_VALUE and slips past a maximum of it.
  private static void checkRange(String tool, String name, JsonObject property, Number number) {
    BigDecimal value = exact(number);
    if (value == null) {
      return;
    }
    Number minimum = property.getNumber("minimum");
    if (minimum != null && value.compareTo(exact(minimum)) < 0) {
      throw invalid(tool, "Argument '" + name + "' must be at least " + minimum + ", got " + number + ".");
    }
    Number maximum = property.getNumber("maximum");
    if (maximum != null && value.compareTo(exact(maximum)) > 0) {
      throw invalid(tool, "Argument '" + name + "' must be at most " + maximum + ", got " + number + ".");
    }
    if ("integer".equals(property.getString("type")) && (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0)) {
      throw invalid(tool, "Argument '" + name + "' must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
        + ", got " + number + ".");
    }
  }

  private static boolean hasType(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "integer" -> value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
        || value instanceof BigInteger
        || (value instanceof Number n && exact(n) != null && exact(n).stripTrailingZeros().scale() <= 0);
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
