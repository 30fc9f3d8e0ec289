package dev.tunacode.core.cache;

import dev.tunacode.core.registry.PluginCalls;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a cached result answers: one version of a tool (a replaced plugin's results are not its
 * successor's) and its arguments in one spelling, defaults filled in and keys in order, so that
 * {@code {"a":1,"b":2}} and {@code {"b":2,"a":1,"c":"default"}} are one question.
 *
 * @param version the calls of the plugin version that gave the tool: one object per loaded version
 */
public record CacheKey(PluginCalls version, String tool, String args) {

  /**
   * @param schema the tool's argument schema, whose {@code default}s fill in what the call left out
   * @param args   validated arguments
   */
  public static CacheKey of(PluginCalls version, String tool, JsonObject schema, JsonObject args) {
    return of(version, tool, defaults(schema), args);
  }

  /**
   * @param defaults what {@link #defaults} gives for the tool's schema, worked out once per tool
   * @param args     validated arguments
   */
  public static CacheKey of(PluginCalls version, String tool, SortedMap<String, Object> defaults, JsonObject args) {
    TreeMap<String, Object> filled = new TreeMap<>(defaults);
    for (Map.Entry<String, Object> field : args.getMap().entrySet()) {
      if (field.getValue() != null) {
        filled.put(field.getKey(), field.getValue());
      }
    }
    StringBuilder text = new StringBuilder(64);
    write(filled, text);
    return new CacheKey(version, tool, text.toString());
  }

  /** @return each argument's {@code default} in the schema, by name */
  public static SortedMap<String, Object> defaults(JsonObject schema) {
    TreeMap<String, Object> defaults = new TreeMap<>();
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String name : properties.fieldNames()) {
      Object fallback = properties.getJsonObject(name, new JsonObject()).getValue("default");
      if (fallback != null) {
        defaults.put(name, fallback);
      }
    }
    return Collections.unmodifiableSortedMap(defaults);
  }

  private static void write(Object value, StringBuilder text) {
    if (value instanceof JsonObject object) {
      write(object.getMap(), text);
    } else if (value instanceof Map<?, ?> map) {
      text.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> field : (map instanceof SortedMap<?, ?> ? map : new TreeMap<>(map)).entrySet()) {
        text.append(first ? "" : ",");
        quoted(String.valueOf(field.getKey()), text);
        text.append(':');
        first = false;
        write(field.getValue(), text);
      }
      text.append('}');
    } else if (value instanceof JsonArray array) {
      write(array.getList(), text);
    } else if (value instanceof List<?> list) {
      text.append('[');
      for (int i = 0; i < list.size(); i++) {
        text.append(i == 0 ? "" : ",");
        write(list.get(i), text);
      }
      text.append(']');
    } else if (value instanceof Number number) {
      // 5 and 5.0 ask the same; a tool reads both as 5.
      double asDouble = number.doubleValue();
      text.append(asDouble == Math.rint(asDouble) && Math.abs(asDouble) < 1e15 ? Long.toString((long) asDouble) : number.toString());
    } else if (value instanceof CharSequence string) {
      quoted(string, text);
    } else if (value == null || value instanceof Boolean) {
      text.append(value);
    } else {
      text.append(Json.encode(value));
    }
  }

  // A string as JSON writes it: the key is built for every call, and Jackson's encoder costs a generator a value.
  private static void quoted(CharSequence string, StringBuilder text) {
    text.append('"');
    for (int i = 0; i < string.length(); i++) {
      char c = string.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\').append(c);
      } else if (c < 0x20) {
        text.append(String.format("\\u%04x", (int) c));
      } else {
        text.append(c);
      }
    }
    text.append('"');
  }
}
