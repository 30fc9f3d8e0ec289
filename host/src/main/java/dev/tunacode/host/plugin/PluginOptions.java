package dev.tunacode.host.plugin;

import dev.tunacode.core.ToolHost;
import io.vertx.core.json.JsonObject;

/**
 * The {@code plugins} section of the configuration.
 */
public final class PluginOptions {

  public static final boolean DEFAULT_ALLOW_OVERRIDE = false;
  public static final long DEFAULT_SETTLE_MS = PluginManager.DEFAULT_SETTLE_MS;
  public static final long DEFAULT_UNLOAD_GRACE_MS = ToolHost.DEFAULT_UNLOAD_GRACE_MS;
  public static final long DEFAULT_BLOCKED_LOOP_MS = dev.tunacode.core.coordinator.LoopWatch.DEFAULT_LIMIT_MS;
  public static final long MIN_SETTLE_MS = 50;
  public static final long MAX_SETTLE_MS = 60_000;

  private Boolean watch;
  private boolean allowOverride = DEFAULT_ALLOW_OVERRIDE;
  private long settleMs = DEFAULT_SETTLE_MS;
  private long unloadGraceMs = DEFAULT_UNLOAD_GRACE_MS;
  private long blockedLoopMs = DEFAULT_BLOCKED_LOOP_MS;

  public PluginOptions() {
  }

  public PluginOptions(PluginOptions other) {
    this.watch = other.watch;
    this.allowOverride = other.allowOverride;
    this.settleMs = other.settleMs;
    this.unloadGraceMs = other.unloadGraceMs;
    this.blockedLoopMs = other.blockedLoopMs;
  }

  /**
   * @param json the {@code plugins} object of the configuration
   * @throws IllegalArgumentException naming the key, when a value is of the wrong type or out of range
   */
  public PluginOptions(JsonObject json) {
    Object watching = json.getValue("watch");
    if (watching != null) {
      setWatch(bool("watch", watching));
    }
    setAllowOverride(bool("allowOverride", given(json, "allowOverride", allowOverride)));
    setSettleMs(number("settleMs", given(json, "settleMs", settleMs)));
    setUnloadGraceMs(number("unloadGraceMs", given(json, "unloadGraceMs", unloadGraceMs)));
    setBlockedLoopMs(number("blockedLoopMs", given(json, "blockedLoopMs", blockedLoopMs)));
  }

  /**
   * @param config the whole configuration
   * @throws IllegalArgumentException when its {@code plugins} is there but not an object
   */
  public static PluginOptions of(JsonObject config) {
    Object section = config.getValue("plugins");
    if (section != null && !(section instanceof JsonObject)) {
      throw new IllegalArgumentException("plugins must be an object, such as {\"watch\":true}, was " + shown(section));
    }
    return new PluginOptions(section == null ? new JsonObject() : (JsonObject) section);
  }

  // A key given as null is taken as not given.
  private static Object given(JsonObject json, String key, Object otherwise) {
    Object value = json.getValue(key);
    return value == null ? otherwise : value;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("allowOverride", allowOverride).put("settleMs", settleMs)
      .put("unloadGraceMs", unloadGraceMs).put("blockedLoopMs", blockedLoopMs);
    return watch == null ? json : json.put("watch", watch);
  }

  /** @return whether to watch the folders: as configured, or else {@code serving} (on for serve, off for one-shot commands) */
  public boolean watches(boolean serving) {
    return watch != null ? watch : serving;
  }

  /** Sets whether the plugin folders are watched for jars coming, changing and going; null leaves it to the command. */
  public PluginOptions setWatch(Boolean watch) {
    this.watch = watch;
    return this;
  }

  public boolean isAllowOverride() {
    return allowOverride;
  }

  /** Sets whether a plugin's tool may take the place of a built-in tool of the same name. */
  public PluginOptions setAllowOverride(boolean allowOverride) {
    this.allowOverride = allowOverride;
    return this;
  }

  public long getSettleMs() {
    return settleMs;
  }

  /** Sets how long a jar must keep its size and time before it is loaded, {@value #MIN_SETTLE_MS} to {@value #MAX_SETTLE_MS} ms. */
  public PluginOptions setSettleMs(long settleMs) {
    if (settleMs < MIN_SETTLE_MS || settleMs > MAX_SETTLE_MS) {
      throw new IllegalArgumentException("plugins.settleMs must be " + MIN_SETTLE_MS + " to " + MAX_SETTLE_MS + ", was " + settleMs);
    }
    this.settleMs = settleMs;
    return this;
  }

  public long getUnloadGraceMs() {
    return unloadGraceMs;
  }

  /** Sets how long an unloaded plugin's running calls may go on before it is stopped all the same; at least 0. */
  public PluginOptions setUnloadGraceMs(long unloadGraceMs) {
    if (unloadGraceMs < 0) {
      throw new IllegalArgumentException("plugins.unloadGraceMs must be at least 0, was " + unloadGraceMs);
    }
    this.unloadGraceMs = unloadGraceMs;
    return this;
  }

  public long getBlockedLoopMs() {
    return blockedLoopMs;
  }

  /** Sets how long a tool may hold an event loop in execute before it is logged against its plugin; at least 10. */
  public PluginOptions setBlockedLoopMs(long blockedLoopMs) {
    if (blockedLoopMs < 10) {
      throw new IllegalArgumentException("plugins.blockedLoopMs must be at least 10, was " + blockedLoopMs);
    }
    this.blockedLoopMs = blockedLoopMs;
    return this;
  }

  private static boolean bool(String key, Object value) {
    if (value instanceof Boolean given) {
      return given;
    }
    throw new IllegalArgumentException("plugins." + key + " must be true or false, was " + shown(value));
  }

  private static long number(String key, Object value) {
    if (value instanceof Number given && given.doubleValue() == given.longValue()) {
      return given.longValue();
    }
    throw new IllegalArgumentException("plugins." + key + " must be a whole number of milliseconds, was " + shown(value));
  }

  private static String shown(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }
}
