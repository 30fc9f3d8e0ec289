package dev.tunacode.core;

import io.vertx.core.json.JsonObject;

/**
 * The settings the core needs. The JSON form is the host configuration file's shape:
 * {@code {"io":{"poolSize","maxExecuteTimeSeconds"},"coordinator":{"maxParallel"},"tools":{"execute":{"enabled"}}}}.
 */
public class HostOptions {

  /** Threads in the shared {@code tunacode-io} pool: I/O-bound calls of several batches need many. */
  public static final int DEFAULT_IO_POOL_SIZE = 32;
  /** How long one blocking task may run before Vert.x warns; above the longest command timeout. */
  public static final long DEFAULT_IO_MAX_EXECUTE_TIME_SECONDS = 600;
  /** Calls of one batch that may run at once; tools wait on I/O more than on CPU. */
  public static final int DEFAULT_MAX_PARALLEL = Math.max(10, Runtime.getRuntime().availableProcessors());
  public static final boolean DEFAULT_EXECUTE_ENABLED = true;

  private int ioPoolSize;
  private long ioMaxExecuteTimeSeconds;
  private int maxParallel;
  private boolean executeEnabled;

  public HostOptions() {
    ioPoolSize = DEFAULT_IO_POOL_SIZE;
    ioMaxExecuteTimeSeconds = DEFAULT_IO_MAX_EXECUTE_TIME_SECONDS;
    maxParallel = DEFAULT_MAX_PARALLEL;
    executeEnabled = DEFAULT_EXECUTE_ENABLED;
  }

  public HostOptions(HostOptions other) {
    ioPoolSize = other.ioPoolSize;
    ioMaxExecuteTimeSeconds = other.ioMaxExecuteTimeSeconds;
    maxParallel = other.maxParallel;
    executeEnabled = other.executeEnabled;
  }

  /** Reads the configuration file's shape; absent keys keep their defaults. */
  public HostOptions(JsonObject json) {
    this();
    JsonObject io = json.getJsonObject("io", new JsonObject());
    setIoPoolSize(io.getInteger("poolSize", ioPoolSize));
    setIoMaxExecuteTimeSeconds(io.getLong("maxExecuteTimeSeconds", ioMaxExecuteTimeSeconds));
    setMaxParallel(json.getJsonObject("coordinator", new JsonObject()).getInteger("maxParallel", maxParallel));
    JsonObject execute = json.getJsonObject("tools", new JsonObject()).getJsonObject("execute", new JsonObject());
    setExecuteEnabled(execute.getBoolean("enabled", executeEnabled));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("io", new JsonObject().put("poolSize", ioPoolSize).put("maxExecuteTimeSeconds", ioMaxExecuteTimeSeconds))
      .put("coordinator", new JsonObject().put("maxParallel", maxParallel))
      .put("tools", new JsonObject().put("execute", new JsonObject().put("enabled", executeEnabled)));
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
}
