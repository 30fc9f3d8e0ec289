package dev.tunacode.core.spi;

import dev.tunacode.core.schema.SchemaCheck;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Builds a tool's argument schema in the subset the host checks (see {@link Tool#schema()}):
 * <pre>{@code
 * JsonObject schema = ArgsSchema.object()
 *   .string("path", "The file to read.")
 *   .integer("limit", "How many lines to read.", 1, 10_000, 2_000L)
 *   .required("path")
 *   .build();
 * }</pre>
 * Properties are written in the order declared, each as {@code type}, {@code description}, then
 * {@code minimum}, {@code maximum}, {@code default} and {@code enum} when given. In every method {@code name}
 * is the argument's name and {@code description} tells the agent what to send; both must be given, and a name
 * only once. A mistake is refused with an {@link IllegalArgumentException} where it is made, or by
 * {@link #build()} for a required name that was never declared.
 */
public final class ArgsSchema {

  private final JsonObject properties = new JsonObject();
  private JsonArray required;
  private boolean additionalProperties;

  private ArgsSchema() {
  }

  /** @return an empty object schema: a tool that takes no arguments, until properties are added */
  public static ArgsSchema object() {
    return new ArgsSchema();
  }

  /**
   * Adds a string property with no default.
   *
   * @return this
   */
  public ArgsSchema string(String name, String description) {
    return string(name, description, null);
  }

  /**
   * Adds a string property.
   *
   * @param defaultValue the value the tool uses when the argument is left out, or null for none
   * @return this
   */
  public ArgsSchema string(String name, String description, String defaultValue) {
    return add(name, property(name, "string", description), defaultValue);
  }

  /**
   * Adds a boolean property.
   *
   * @param defaultValue the value the tool uses when the argument is left out
   * @return this
   */
  public ArgsSchema bool(String name, String description, boolean defaultValue) {
    return add(name, property(name, "boolean", description), defaultValue);
  }

  /**
   * Adds an integer property whose range the host does not check, for a tool that refuses a bad value in its
   * own words.
   *
   * @param defaultValue the value the tool uses when the argument is left out, or null for none
   * @return this
   */
  public ArgsSchema integer(String name, String description, Long defaultValue) {
    return add(name, property(name, "integer", description), defaultValue);
  }

  /**
   * Adds an integer property from {@code minimum} to {@code maximum}, both included.
   *
   * @param defaultValue the value the tool uses when the argument is left out, or null for none
   * @return this
   * @throws IllegalArgumentException when the minimum is above the maximum, or the default outside them
   */
  public ArgsSchema integer(String name, String description, long minimum, long maximum, Long defaultValue) {
    JsonObject property = property(name, "integer", description);
    if (minimum > maximum) {
      throw new IllegalArgumentException("Property '" + name + "' has minimum " + minimum + " above its maximum " + maximum
        + "; give the smaller bound first.");
    }
    if (defaultValue != null && (defaultValue < minimum || defaultValue > maximum)) {
      throw new IllegalArgumentException("Property '" + name + "' has default " + defaultValue + " outside its range "
        + minimum + " to " + maximum + "; choose a default inside the range.");
    }
    return add(name, property.put("minimum", minimum).put("maximum", maximum), defaultValue);
  }

  /**
   * Adds a number property, whole or not, with no range and no default.
   *
   * @return this
   */
  public ArgsSchema number(String name, String description) {
    return add(name, property(name, "number", description), null);
  }

  /**
   * Adds a string property that must be one of {@code values}.
   *
   * @param defaultValue the value the tool uses when the argument is left out, or null for none
   * @param values       the allowed values, in the order the schema lists them
   * @return this
   * @throws IllegalArgumentException when there are no values, or the default is not one of them
   */
  public ArgsSchema oneOf(String name, String description, String defaultValue, String... values) {
    JsonObject property = property(name, "string", description);
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("Property '" + name + "' allows no value; list the values it may take.");
    }
    JsonArray allowed = new JsonArray();
    for (String value : values) {
      if (value == null || allowed.contains(value)) {
        throw new IllegalArgumentException("Property '" + name + "' lists " + (value == null ? "null" : "'" + value + "' twice")
          + " among its values; list each allowed string once.");
      }
      allowed.add(value);
    }
    if (defaultValue != null && !allowed.contains(defaultValue)) {
      throw new IllegalArgumentException("Property '" + name + "' has default '" + defaultValue + "', which is not one of "
        + allowed.encode() + "; choose one of them as the default.");
    }
    add(name, property, defaultValue);
    property.put("enum", allowed);
    return this;
  }

  /**
   * Adds a property of any type the host checks, such as an {@code object} of environment variables or an
   * {@code array} of names, with no default.
   *
   * @param type string, integer, number, boolean, array or object
   * @return this
   * @throws IllegalArgumentException when the type is not one of those
   */
  public ArgsSchema field(String name, String type, String description) {
    JsonObject property = property(name, "object", description);
    if (type == null || !SchemaCheck.TYPES.contains(type)) {
      throw new IllegalArgumentException("Property '" + name + "' has type " + (type == null ? "null" : "'" + type + "'")
        + "; use string, integer, number, boolean, array or object.");
    }
    return add(name, property.put("type", type), null);
  }

  /**
   * Names the arguments a call must give, in the order the schema lists them. The schema gets a
   * {@code required} list once this is called, an empty one when it is called with no names; a schema
   * without the list requires nothing, as does an empty list.
   *
   * @param names properties declared before or after this call
   * @return this
   * @throws IllegalArgumentException when a name is null or given twice
   */
  public ArgsSchema required(String... names) {
    if (required == null) {
      required = new JsonArray();
    }
    for (String name : names) {
      if (name == null) {
        throw new IllegalArgumentException("required(...) holds null; name declared properties only.");
      }
      if (required.contains(name)) {
        throw new IllegalArgumentException("Property '" + name + "' is named twice in required(...); name it once.");
      }
      required.add(name);
    }
    return this;
  }

  /**
   * Lets a call give arguments the schema does not declare; the host refuses them otherwise.
   *
   * @return this
   */
  public ArgsSchema additionalProperties() {
    additionalProperties = true;
    return this;
  }

  /**
   * @return a new schema object; this builder may go on and build again
   * @throws IllegalArgumentException when {@code required} names a property that was never declared
   */
  public JsonObject build() {
    JsonObject schema = new JsonObject().put("type", "object").put("properties", properties.copy());
    if (required != null) {
      for (Object name : required) {
        if (!properties.containsKey((String) name)) {
          throw new IllegalArgumentException("required(...) names '" + name + "', which is not a property; declare it "
            + "with string(...), integer(...) or the like, or take it out of required(...).");
        }
      }
      schema.put("required", required.copy());
    }
    if (additionalProperties) {
      schema.put("additionalProperties", true);
    }
    return schema;
  }

  private JsonObject property(String name, String type, String description) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A property needs a name: the argument's name, such as path.");
    }
    if (properties.containsKey(name)) {
      throw new IllegalArgumentException("Property '" + name + "' is declared twice; declare each property once.");
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("Property '" + name + "' needs a description: the agent reads it to know what "
        + "to send.");
    }
    return new JsonObject().put("type", type).put("description", description);
  }

  private ArgsSchema add(String name, JsonObject property, Object defaultValue) {
    if (defaultValue != null) {
      property.put("default", defaultValue);
    }
    properties.put(name, property);
    return this;
  }
}
