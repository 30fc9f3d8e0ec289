package dev.tunacode.host.client;

import io.vertx.core.json.JsonObject;

/**
 * How a {@link BridgeClient} waits and what it takes: how long a request may wait for its reply, and the
 * largest message it accepts from the host.
 */
public class BridgeClientOptions {

  /** A batch may run several commands of up to five minutes each one after another. */
  public static final long DEFAULT_TIMEOUT_MS = 600_000;
  /** Above what a host sends for any reply it gives; a larger reply fails its request rather than the client's memory. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

  private long timeoutMs;
  private int maxMessageBytes;

  public BridgeClientOptions() {
    timeoutMs = DEFAULT_TIMEOUT_MS;
    maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
  }

  public BridgeClientOptions(BridgeClientOptions other) {
    timeoutMs = other.timeoutMs;
    maxMessageBytes = other.maxMessageBytes;
  }

  /** Reads {@code {"timeoutMs","maxMessageBytes"}}; absent keys keep their defaults. */
  public BridgeClientOptions(JsonObject json) {
    this();
    setTimeoutMs(json.getLong("timeoutMs", timeoutMs));
    setMaxMessageBytes(json.getInteger("maxMessageBytes", maxMessageBytes));
  }

  public JsonObject toJson() {
    return new JsonObject().put("timeoutMs", timeoutMs).put("maxMessageBytes", maxMessageBytes);
  }

  public long getTimeoutMs() {
    return timeoutMs;
  }

  /**
   * @param timeoutMs how long a request waits for its reply before it fails, in milliseconds; at least 1
   */
  public BridgeClientOptions setTimeoutMs(long timeoutMs) {
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("the timeout must be at least 1 ms, was " + timeoutMs);
    }
    this.timeoutMs = timeoutMs;
    return this;
  }

  public int getMaxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * @param maxMessageBytes the largest message taken from the host, frames joined; at least 65536
   */
  public BridgeClientOptions setMaxMessageBytes(int maxMessageBytes) {
    if (maxMessageBytes < 65536) {
      throw new IllegalArgumentException("the largest message must be at least 65536 bytes, was " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
    return this;
  }
}
