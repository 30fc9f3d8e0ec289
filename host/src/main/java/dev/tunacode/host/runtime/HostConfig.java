package dev.tunacode.host.runtime;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the host configuration: the file (if any), then environment variables over it.
 * See docs/configuration.md for every key.
 */
public final class HostConfig {

  private HostConfig() {
  }

  /**
   * @param file the configuration file, or null for the defaults
   * @param env  the environment, usually {@code System.getenv()}
   * @return the merged configuration
   * @throws IllegalArgumentException with a message for the user when the file or a variable is wrong
   */
  public static JsonObject load(Path file, Map<String, String> env) {
    JsonObject config = file == null ? new JsonObject() : read(file);
    override(config, env, "TUNACODE_MAX_PARALLEL", "coordinator", "maxParallel");
    override(config, env, "TUNACODE_IO_POOL_SIZE", "io", "poolSize");
    override(config, env, "TUNACODE_PORT", "server", "port");
    String token = env.get("TUNACODE_TOKEN");
    if (token != null && !token.isBlank()) {
      section(config, "server").put("token", token.trim());
    }
    String host = env.get("TUNACODE_HOST");
    if (host != null && !host.isBlank()) {
      section(config, "server").put("host", host.trim());
    }
    return config;
  }

  private static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the configuration file " + file + ": " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("The configuration file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static void override(JsonObject config, Map<String, String> env, String variable, String section, String key) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return;
    }
    int number;
    try {
      number = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " must be a whole number, was '" + value + "'");
    }
    section(config, section).put(key, number);
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
