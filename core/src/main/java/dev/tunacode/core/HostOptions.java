package dev.tunacode.core;

import dev.tunacode.core.cache.CacheOptions;
import io.vertx.core.json.JsonObject;

/**
 * The settings the core needs. The JSON form is the host configuration file's shape:
 * {@code {"io":{"poolSize","maxExecuteTimeSeconds"},"coordinator":{"maxParallel","maxReplyBytes"},
 * "tools":{"execute":{"enabled"},"maxResultBytes"},"cache":{"enabled","maxBytes","maxPaths"}}}.
 */
public class HostOptions {

  /** Threads in the shared {@code tunacode-io} pool: I/O-bound calls of several batches need many. */
  public static final int DEFAULT_IO_POOL_SIZE = 32;
  /** How long one blocking task may run before Vert.x warns; above the longest command timeout. */
  public static final long DEFAULT_IO_MAX_EXECUTE_TIME_SECONDS = 600;
  /** Calls of one batch that may run at once; tools wait on I/O more than on CPU. */
  public static final int DEFAULT_MAX_PARALLEL = Math.max(10, Runtime.getRuntime().availableProcessors());
  public static final boolean DEFAULT_EXECUTE_ENABLED = true;
  /** About how large one call's output may be, in characters of JSON; tools stop adding near it. */
  public static final long DEFAULT_MAX_RESULT_BYTES = 4L * 1024 * 1024;
  /** About how large one batch's reply may be; calls not started once it is reached are not run. */
  public static final long DEFAULT_MAX_REPLY_BYTES = 8L * 1024 * 1024;
  /** The smallest budget either may be given: read_file alone may answer 256 KiB. */
  public static final long MIN_BUDGET_BYTES = 1024 * 1024;

  private int ioPoolSize;
  private long ioMaxExecuteTimeSeconds;
  private int maxParallel;
  private boolean executeEnabled;
  private long maxResultBytes;
  private long maxReplyBytes;
  private int maxRunning;
  private CacheOptions cache;

  public HostOptions() {
    ioPoolSize = DEFAULT_IO_POOL_SIZE;
    ioMaxExecuteTimeSeconds = DEFAULT_IO_MAX_EXECUTE_TIME_SECONDS;
    maxParallel = DEFAULT_MAX_PARALLEL;
    executeEnabled = DEFAULT_EXECUTE_ENABLED;
    maxResultBytes = DEFAULT_MAX_RESULT_BYTES;
    maxReplyBytes = DEFAULT_MAX_REPLY_BYTES;
    maxRunning = 0;
    cache = new CacheOptions();
  }

  public HostOptions(HostOptions other) {
    ioPoolSize = other.ioPoolSize;
    ioMaxExecuteTimeSeconds = other.ioMaxExecuteTimeSeconds;
    maxParallel = other.maxParallel;
    executeEnabled = other.executeEnabled;
    maxResultBytes = other.maxResultBytes;
    maxReplyBytes = other.maxReplyBytes;
    maxRunning = other.maxRunning;
    cache = new CacheOptions(other.cache);
  }

  /** Reads the configuration file's shape; absent keys keep their defaults. */
  public HostOptions(JsonObject json) {
    this();
    JsonObject io = json.getJsonObject("io", new JsonObject());
    setIoPoolSize(io.getInteger("poolSize", ioPoolSize));
    setIoMaxExecuteTimeSeconds(io.getLong("maxExecuteTimeSeconds", ioMaxExecuteTimeSeconds));
    JsonObject coordinator = json.getJsonObject("coordinator", new JsonObject());
    setMaxParallel(coordinator.getInteger("maxParallel", maxParallel));
    setMaxReplyBytes(coordinator.getLong("maxReplyBytes", maxReplyBytes));
    setMaxRunning(coordinator.getInteger("maxRunning", maxRunning));
    JsonObject tools = json.getJsonObject("tools", new JsonObject());
    setExecuteEnabled(tools.getJsonObject("execute", new JsonObject()).getBoolean("enabled", executeEnabled));
    setMaxResultBytes(tools.getLong("maxResultBytes", maxResultBytes));
    setCache(new CacheOptions(json.getJsonObject("cache", new JsonObject())));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("io", new JsonObject().put("poolSize", ioPoolSize).put("maxExecuteTimeSeconds", ioMaxExecuteTimeSeconds))
      .put("coordinator", new JsonObject().put("maxParallel", maxParallel).put("maxReplyBytes", maxReplyBytes)
        .put("maxRunning", getMaxRunning()))
      .put("tools", new JsonObject().put("execute", new JsonObject().put("enabled", executeEnabled))
        .put("maxResultBytes", maxResultBytes))
      .put("cache", cache.toJson());
  }

  public int getIoPoolSize() {
    return ioPoolSize;
  }

  public HostOptions setIoPoolSize(int ioPoolSize) {
    if (ioPoolSize < 1) {
      throw new IllegalArgumentException("io.poolSize must be at least 1, was " + ioPoolSize);
    }
    this.ioPoolSize = ioPoolSize;
    return this;
  }

  public long getIoMaxExecuteTimeSeconds() {
    return ioMaxExecuteTimeSeconds;
  }

  public HostOptions setIoMaxExecuteTimeSeconds(long seconds) {
    if (seconds < 1) {
      throw new IllegalArgumentException("io.maxExecuteTimeSeconds must be at least 1, was " + seconds);
    }
    this.ioMaxExecuteTimeSeconds = seconds;
    return this;
  }

  public int getMaxParallel() {
    return maxParallel;
  }

  public HostOptions setMaxParallel(int maxParallel) {
    if (maxParallel < 1) {
      throw new IllegalArgumentException("coordinator.maxParallel must be at least 1, was " + maxParallel);
    }
    this.maxParallel = maxParallel;
    return this;
  }

  public boolean isExecuteEnabled() {
    return executeEnabled;
  }

  public HostOptions setExecuteEnabled(boolean executeEnabled) {
    this.executeEnabled = executeEnabled;
    return this;
  }

  public long getMaxResultBytes() {
    return maxResultBytes;
  }

  /**
   * @param maxResultBytes about how large one call's output may be, in characters of JSON; at least
   *                       {@link #MIN_BUDGET_BYTES}
   */
  public HostOptions setMaxResultBytes(long maxResultBytes) {
    if (maxResultBytes < MIN_BUDGET_BYTES) {
      throw new IllegalArgumentException("tools.maxResultBytes must be at least " + MIN_BUDGET_BYTES + ", was " + maxResultBytes);
    }
    this.maxResultBytes = maxResultBytes;
    return this;
  }

  public long getMaxReplyBytes() {
    return maxReplyBytes;
  }

  /**
   * @param maxReplyBytes about how large one batch's reply may be; at least {@link #MIN_BUDGET_BYTES}
   */
  public HostOptions setMaxReplyBytes(long maxReplyBytes) {
    if (maxReplyBytes < MIN_BUDGET_BYTES) {
      throw new IllegalArgumentException("coordinator.maxReplyBytes must be at least " + MIN_BUDGET_BYTES + ", was " + maxReplyBytes);
    }
    this.maxReplyBytes = maxReplyBytes;
    return this;
  }

  /** @return calls that may run at once across every session: the pool's size unless set */
  public int getMaxRunning() {
    return maxRunning > 0 ? maxRunning : ioPoolSize;
  }

  /**
   * @param maxRunning calls that may run at once across every batch and session of the host; 0 for the
   *                   shared pool's size
   */
  public HostOptions setMaxRunning(int maxRunning) {
    if (maxRunning < 0) {
      throw new IllegalArgumentException("coordinator.maxRunning must be at least 1 (or 0 for the pool's size), was " + maxRunning);
    }
    this.maxRunning = maxRunning;
    return this;
  }

  /** @return the result cache's settings */
  public CacheOptions getCache() {
    return cache;
  }

  /** @param cache the result cache's settings */
  public HostOptions setCache(CacheOptions cache) {
    if (cache == null) {
      throw new IllegalArgumentException("cache must not be null");
    }
    this.cache = cache;
    return this;
  }
}
