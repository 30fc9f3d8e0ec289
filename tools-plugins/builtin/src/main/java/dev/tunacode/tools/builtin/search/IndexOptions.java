package dev.tunacode.tools.builtin.search;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The {@code index} object of the host's configuration. A value of the wrong kind is logged with what to
 * write instead and its default is taken: the tools work the same without the index, and a typo in a
 * config file should not take the built-in tools away.
 *
 * @param enabled    {@code index.enabled}
 * @param maxBytes   {@code index.maxBytes}, at least 1 MiB
 * @param persistDir where the index is saved between runs, or null when {@code index.persist} is not true
 */
record IndexOptions(boolean enabled, long maxBytes, Path persistDir) {

  private static final Logger LOG = LoggerFactory.getLogger(IndexOptions.class);
  static final long DEFAULT_MAX_BYTES = 256L << 20;
  private static final long MIN_MAX_BYTES = 1L << 20;

  static IndexOptions of(JsonObject config) {
    Object given = config.getValue("index");
    if (given != null && !(given instanceof JsonObject)) {
      LOG.error("The config's 'index' must be an object such as {\"enabled\": true}, was {}: the index is off", given);
      return new IndexOptions(false, DEFAULT_MAX_BYTES, null);
    }
    JsonObject index = given == null ? new JsonObject() : (JsonObject) given;
    boolean enabled = flag(index, "enabled");
    long maxBytes = DEFAULT_MAX_BYTES;
    Object bound = index.getValue("maxBytes");
    if (bound instanceof Number number && number.longValue() >= MIN_MAX_BYTES) {
      maxBytes = number.longValue();
    } else if (bound != null) {
      LOG.error("The config's 'index.maxBytes' must be a number of bytes of at least {}, was {}: {} is used", MIN_MAX_BYTES, bound,
        DEFAULT_MAX_BYTES);
    }
    Path persistDir = null;
    if (flag(index, "persist")) {
      Object dir = index.getValue("persistDir");
      if (dir instanceof String path && !path.isBlank()) {
        persistDir = Path.of(path);
      } else {
        if (dir != null) {
          LOG.error("The config's 'index.persistDir' must be a folder's path, was {}: the default is used", dir);
        }
        persistDir = defaultPersistDir();
      }
    }
    return new IndexOptions(enabled, maxBytes, persistDir);
  }

  private static boolean flag(JsonObject index, String key) {
    Object value = index.getValue(key);
    if (value != null && !(value instanceof Boolean)) {
      LOG.error("The config's 'index.{}' must be true or false (no quotes), was {}: it is taken as false", key, value);
    }
    return Boolean.TRUE.equals(value);
  }

  // $XDG_CACHE_HOME/tunacode/index, or ~/.cache/tunacode/index: outside the workspace, where no walk meets it.
  private static Path defaultPersistDir() {
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("tunacode").resolve("index");
  }
}
