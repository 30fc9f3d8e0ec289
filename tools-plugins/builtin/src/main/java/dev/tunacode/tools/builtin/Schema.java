package dev.tunacode.tools.builtin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Builds the argument schemas of the built-in tools, in the subset the core checks.
 */
public final class Schema {

  private final JsonObject properties = new JsonObject();
  private final JsonArray required = new JsonArray();

  private Schema() {
  }

  public static Schema object() {
    return new Schema();
  }

  public Schema string(String name, String description) {
    return property(name, "string", description, null);
  }

  public Schema string(String name, String description, String defaultValue) {
    return property(name, "string", description, defaultValue);
  }

  public Schema bool(String name, String description, boolean defaultValue) {
    return property(name, "boolean", description, defaultValue);
  }

  public Schema integer(String name, String description, long minimum, long maximum, Long defaultValue) {
    properties.put(name, new JsonObject().put("type", "integer").put("description", description)
      .put("minimum", minimum).put("maximum", maximum));
    if (defaultValue != null) {
      properties.getJsonObject(name).put("default", defaultValue);
    }
    return this;
  }

  /** An integer whose range the tool checks itself, to refuse it in its own words. */
  public Schema integer(String name, String description, Long defaultValue) {
    return property(name, "integer", description, defaultValue);
  }

  public Schema oneOf(String name, String description, String defaultValue, String... values) {
    property(name, "string", description, defaultValue);
    properties.getJsonObject(name).put("enum", new JsonArray(java.util.List.of((Object[]) values)));
    return this;
  }

  /** A field of any JSON type given, such as an object of environment variables. */
  public Schema typed(String name, String type, String description) {
    return property(name, type, description, null);
  }

  public Schema required(String... names) {
    for (String name : names) {
      required.add(name);
    }
    return this;
  }

  public JsonObject build() {
    return new JsonObject().put("type", "object").put("properties", properties).put("required", required);
  }

  private Schema property(String name, String type, String description, Object defaultValue) {
    JsonObject property = new JsonObject().put("type", type).put("description", description);
    if (defaultValue != null) {
      property.put("default", defaultValue);
    }
    properties.put(name, property);
    return this;
  }
}
