package dev.tunacode.host.runtime;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Applies the {@code TUNACODE_*} environment variables over the configuration.
 */
final class EnvOverrides {

  private EnvOverrides() {
  }

  static JsonObject apply(JsonObject config, Map<String, String> env) {
    number(config, env, "TUNACODE_MAX_PARALLEL", "coordinator", "maxParallel");
    number(config, env, "TUNACODE_MAX_RUNNING", "coordinator", "maxRunning");
    number(config, env, "TUNACODE_IO_POOL_SIZE", "io", "poolSize");
    number(config, env, "TUNACODE_PORT", "server", "port");
    text(config, env, "TUNACODE_TOKEN", "server", "token");
    text(config, env, "TUNACODE_HOST", "server", "host");
    return config;
  }

  private static void number(JsonObject config, Map<String, String> env, String variable, String section, String key) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return;
    }
    try {
      section(config, section).put(key, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " must be a whole number, was '" + value + "'");
    }
  }

  private static void text(JsonObject config, Map<String, String> env, String variable, String section, String key) {
    String value = env.get(variable);
    if (value != null && !value.isBlank()) {
      section(config, section).put(key, value.trim());
    }
  }

  private static JsonObject section(JsonObject config, String name) {
    JsonObject part = config.getJsonObject(name);
    if (part == null) {
      part = new JsonObject();
      config.put(name, part);
    }
    return part;
  }
}
