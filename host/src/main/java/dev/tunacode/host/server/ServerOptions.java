package dev.tunacode.host.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code server} section of the configuration: where to listen, the token, and the bridge's limits.
 */
public class ServerOptions {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 7878;
  /** Largest bridge message accepted, in bytes of JSON. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
  /**
   * The most {@code server.maxMessageBytes} may be: below the 20 million characters Jackson reads in one
   * string, so that no message within the limit fails to parse.
   */
  public static final int MAX_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /** Requests one connection may have waiting for their replies at once. */
  public static final int DEFAULT_MAX_OUTSTANDING = 256;
  /** A batch of long commands may take hours; each call's own time limit is the coordinator's. */
  public static final long DEFAULT_REPLY_TIMEOUT_MS = TimeUnit.HOURS.toMillis(6);
  /** A connection that gives its token in its first message gives it at once; one that waits is cut off. */
  public static final long DEFAULT_AUTH_WINDOW_MS = 5_000;
  public static final int DEFAULT_MAX_UNAUTHENTICATED = 16;

  private String host;
  private int port;
  private String token;
  private List<String> allowedOrigins;
  private int maxMessageBytes;
  private int maxOutstanding;
  private long replyTimeoutMs;
  private long authWindowMs;
  private int maxUnauthenticated;

  public ServerOptions() {
    host = DEFAULT_HOST;
    port = DEFAULT_PORT;
    allowedOrigins = new ArrayList<>();
    maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    maxOutstanding = DEFAULT_MAX_OUTSTANDING;
    replyTimeoutMs = DEFAULT_REPLY_TIMEOUT_MS;
    authWindowMs = DEFAULT_AUTH_WINDOW_MS;
    maxUnauthenticated = DEFAULT_MAX_UNAUTHENTICATED;
  }

  public ServerOptions(ServerOptions other) {
    host = other.host;
    port = other.port;
    token = other.token;
    allowedOrigins = new ArrayList<>(other.allowedOrigins);
    maxMessageBytes = other.maxMessageBytes;
    maxOutstanding = other.maxOutstanding;
    replyTimeoutMs = other.replyTimeoutMs;
    authWindowMs = other.authWindowMs;
    maxUnauthenticated = other.maxUnauthenticated;
  }

  /** Reads the configuration's {@code server} object; absent keys keep their defaults. */
  public ServerOptions(JsonObject json) {
    this();
    setHost(json.getString("host", host));
    setPort(json.getInteger("port", port));
    setToken(json.getString("token"));
    JsonArray origins = json.getJsonArray("allowedOrigins", new JsonArray());
    origins.forEach(origin -> allowedOrigins.add(String.valueOf(origin)));
    setMaxMessageBytes(json.getInteger("maxMessageBytes", maxMessageBytes));
    setMaxOutstanding(json.getInteger("maxOutstanding", maxOutstanding));
    setReplyTimeoutMs(json.getLong("replyTimeoutMs", replyTimeoutMs));
    setAuthWindowMs(json.getLong("authWindowMs", authWindowMs));
    setMaxUnauthenticated(json.getInteger("maxUnauthenticated", maxUnauthenticated));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("host", host).put("port", port)
      .put("allowedOrigins", new JsonArray(new ArrayList<>(allowedOrigins)))
      .put("maxMessageBytes", maxMessageBytes).put("maxOutstanding", maxOutstanding).put("replyTimeoutMs", replyTimeoutMs)
      .put("authWindowMs", authWindowMs).put("maxUnauthenticated", maxUnauthenticated);
    if (token != null) {
      json.put("token", token);
    }
    return json;
  }

  public String getHost() {
    return host;
  }

  public ServerOptions setHost(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("server.host must not be empty");
    }
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** @param port 0 picks a free port */
  public ServerOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("server.port must be between 0 and 65535, was " + port);
    }
    this.port = port;
    return this;
  }

  /** @return the token clients must give, or null to generate one at start-up */
  public String getToken() {
    return token;
  }

  public ServerOptions setToken(String token) {
    if (token != null && token.length() < 16) {
      throw new IllegalArgumentException("server.token must be at least 16 characters long");
    }
    this.token = token;
    return this;
  }

  /** @return origins a browser page may connect from besides the host's own; empty means only its own */
  public List<String> getAllowedOrigins() {
    return allowedOrigins;
  }

  public ServerOptions setAllowedOrigins(List<String> allowedOrigins) {
    this.allowedOrigins = new ArrayList<>(allowedOrigins);
    return this;
  }

  public int getMaxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * @param maxMessageBytes the largest bridge message accepted, from 1024 to {@link #MAX_MAX_MESSAGE_BYTES}; every
   *                        other size limit of the bridge is derived from it
   */
  public ServerOptions setMaxMessageBytes(int maxMessageBytes) {
    if (maxMessageBytes < 1024 || maxMessageBytes > MAX_MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException("server.maxMessageBytes must be between 1024 and " + MAX_MAX_MESSAGE_BYTES
        + ", was " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
    return this;
  }

  public int getMaxOutstanding() {
    return maxOutstanding;
  }

  public ServerOptions setMaxOutstanding(int maxOutstanding) {
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("server.maxOutstanding must be at least 1, was " + maxOutstanding);
    }
    this.maxOutstanding = maxOutstanding;
    return this;
  }

  public long getReplyTimeoutMs() {
    return replyTimeoutMs;
  }

  /**
   * @param replyTimeoutMs how long the bridge waits for the host's reply to a request before it answers the
   *                       client TIMEOUT and stops counting the request; at least 1
   */
  public ServerOptions setReplyTimeoutMs(long replyTimeoutMs) {
    if (replyTimeoutMs < 1) {
      throw new IllegalArgumentException("server.replyTimeoutMs must be at least 1, was " + replyTimeoutMs);
    }
    this.replyTimeoutMs = replyTimeoutMs;
    return this;
  }

  public long getAuthWindowMs() {
    return authWindowMs;
  }

  /** @param authWindowMs how long a connection without a token may take to give one in its first message */
  public ServerOptions setAuthWindowMs(long authWindowMs) {
    if (authWindowMs < 1) {
      throw new IllegalArgumentException("server.authWindowMs must be at least 1, was " + authWindowMs);
    }
    this.authWindowMs = authWindowMs;
    return this;
  }

  public int getMaxUnauthenticated() {
    return maxUnauthenticated;
  }

  /** @param maxUnauthenticated connections that have not yet given their token, at once */
  public ServerOptions setMaxUnauthenticated(int maxUnauthenticated) {
    if (maxUnauthenticated < 1) {
      throw new IllegalArgumentException("server.maxUnauthenticated must be at least 1, was " + maxUnauthenticated);
    }
    this.maxUnauthenticated = maxUnauthenticated;
    return this;
  }
}
