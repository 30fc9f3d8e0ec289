package dev.tunacode.core.schema;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Tells whether a tool's schema is one {@link ArgsValidator} understands, so that a malformed one is refused
 * when the tool is described rather than failing, or silently letting everything through, on a later call.
 */
public final class SchemaCheck {

  /** The property types {@link ArgsValidator} checks. */
  public static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "array", "object");

  private static final String USE_TYPES = "use string, integer, number, boolean, array or object";

  private SchemaCheck() {
  }

  /**
   * @param schema a tool's argument schema
   * @return null when {@link ArgsValidator} can check arguments against it; otherwise what is wrong and what
   * to write instead, such as {@code property 'path' has type 'strin'; use string, integer, number, boolean,
   * array or object}
   */
  public static String whyInvalid(JsonObject schema) {
    if (schema == null) {
      return "the schema is null; give an object schema such as {\"type\":\"object\",\"properties\":{}}";
    }
    Object type = schema.getValue("type");
    if (!"object".equals(type)) {
      return (type == null ? "the schema has no type" : "the schema has type " + shown(type))
        + "; use \"object\", as a tool's arguments are one object";
    }
    JsonObject properties = new JsonObject();
    if (schema.containsKey("properties")) {
      if (!(schema.getValue("properties") instanceof JsonObject given)) {
        return "properties is " + JsonKinds.of(schema.getValue("properties"))
          + "; make it an object that maps each argument's name to its schema";
      }
      properties = given;
    }
    for (String name : properties.fieldNames()) {
      String why = whyInvalidProperty("property '" + name + "'", properties.getValue(name), true);
      if (why != null) {
        return why;
      }
    }
    String why = whyInvalidRequired(schema, properties);
    if (why != null) {
      return why;
    }
    if (schema.containsKey("additionalProperties") && !(schema.getValue("additionalProperties") instanceof Boolean)) {
      return "additionalProperties is " + JsonKinds.of(schema.getValue("additionalProperties"))
        + "; use true to let unknown arguments through, or false (the default) to refuse them";
    }
    return null;
  }

  // The validator reads an element's schema from "items" as it reads a property, but lets it leave out the type.
  private static String whyInvalidProperty(String label, Object value, boolean typeRequired) {
    if (!(value instanceof JsonObject property)) {
      return label + " is " + JsonKinds.of(value) + "; make it an object such as {\"type\":\"string\"}";
    }
    Object type = property.getValue("type");
    if (type == null && typeRequired) {
      return label + " has no type; " + USE_TYPES;
    }
    if (type != null && !TYPES.contains(type)) {
      return label + " has type " + shown(type) + "; " + USE_TYPES;
    }
    for (String bound : new String[] {"minimum", "maximum"}) {
      Object limit = property.getValue(bound);
      if (limit != null && !(limit instanceof Number)) {
        return label + " has " + bound + " " + shown(limit) + ", which is " + JsonKinds.of(limit) + "; write it as a JSON number";
      }
    }
    Object allowed = property.getValue("enum");
    if (allowed != null && !(allowed instanceof JsonArray)) {
      return label + " has enum " + shown(allowed) + ", which is " + JsonKinds.of(allowed)
        + "; list the allowed values in a JSON array";
    }
    if (property.getValue("items") != null) {
      return whyInvalidProperty(label.substring(0, label.length() - 1) + "[]'", property.getValue("items"), false);
    }
    return null;
  }

  private static String whyInvalidRequired(JsonObject schema, JsonObject properties) {
    if (!schema.containsKey("required")) {
      return null;
    }
    if (!(schema.getValue("required") instanceof JsonArray required)) {
      return "required is " + JsonKinds.of(schema.getValue("required"))
        + "; list the names of the required properties in a JSON array, such as [\"path\"]";
    }
    for (Object name : required) {
      if (!(name instanceof String)) {
        return "required holds " + shown(name) + ", which is " + JsonKinds.of(name) + "; list property names only";
      }
      if (!properties.containsKey((String) name)) {
        return "required names '" + name + "', which is not among the properties; declare it or take it out of required";
      }
    }
    return null;
  }

  private static String shown(Object value) {
    return value instanceof String text ? "'" + text + "'" : Json.encode(value);
  }
}
