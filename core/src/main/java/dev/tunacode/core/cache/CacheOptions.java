package dev.tunacode.core.cache;

import io.vertx.core.json.JsonObject;

/**
 * The result cache's settings, the configuration file's {@code cache} section:
 * {@code {"enabled":true,"maxBytes":67108864}}.
 */
public class CacheOptions {

  /** On: a hit is never stale, so there is nothing to lose but memory. */
  public static final boolean DEFAULT_ENABLED = true;
  /** 64 MiB, shared equally among the workspaces one process serves. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  /** Below this a cache would hold little more than one large result. */
  public static final long MIN_MAX_BYTES = 1024 * 1024;
  /** Changed paths remembered before the record is dropped and every result counts as changed. */
  public static final int DEFAULT_MAX_PATHS = 200_000;

  private boolean enabled;
  private long maxBytes;
  private int maxPaths;
  private int workspaces;

  public CacheOptions() {
    enabled = DEFAULT_ENABLED;
    maxBytes = DEFAULT_MAX_BYTES;
    maxPaths = DEFAULT_MAX_PATHS;
    workspaces = 1;
  }

  public CacheOptions(CacheOptions other) {
    enabled = other.enabled;
    maxBytes = other.maxBytes;
    maxPaths = other.maxPaths;
    workspaces = other.workspaces;
  }

  /** Reads the {@code cache} section; absent keys keep their defaults. */
  public CacheOptions(JsonObject json) {
    this();
    setEnabled(json.getBoolean("enabled", enabled));
    setMaxBytes(json.getLong("maxBytes", maxBytes));
    setMaxPaths(json.getInteger("maxPaths", maxPaths));
  }

  public JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("maxBytes", maxBytes).put("maxPaths", maxPaths);
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** @param enabled false runs every call, as a host without a cache does */
  public CacheOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public long getMaxBytes() {
    return maxBytes;
  }

  /**
   * @param maxBytes about how much the cached results of one process may take, in characters of JSON (their
   *                 weight); at least {@link #MIN_MAX_BYTES}
   */
  public CacheOptions setMaxBytes(long maxBytes) {
    if (maxBytes < MIN_MAX_BYTES) {
      throw new IllegalArgumentException("cache.maxBytes must be at least " + MIN_MAX_BYTES + ", was " + maxBytes);
    }
    this.maxBytes = maxBytes;
    return this;
  }

  public int getWorkspaces() {
    return workspaces;
  }

  /**
   * @param workspaces how many workspaces this process serves: each gets an equal share of {@link #getMaxBytes},
   *                   so that one cannot evict another's results. Set by the host, not read from the file.
   */
  public CacheOptions setWorkspaces(int workspaces) {
    if (workspaces < 1) {
      throw new IllegalArgumentException("workspaces must be at least 1, was " + workspaces);
    }
    this.workspaces = workspaces;
    return this;
  }

  /** @return the weight one workspace's results may take */
  public long shareBytes() {
    return maxBytes / workspaces;
  }

  public int getMaxPaths() {
    return maxPaths;
  }

  /** @param maxPaths changed paths one workspace remembers before it counts everything as changed; at least 1000 */
  public CacheOptions setMaxPaths(int maxPaths) {
    if (maxPaths < 1000) {
      throw new IllegalArgumentException("cache.maxPaths must be at least 1000, was " + maxPaths);
    }
    this.maxPaths = maxPaths;
    return this;
  }
}
