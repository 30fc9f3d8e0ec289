package dev.tunacode.host.mcp;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One MCP session: what {@code initialize} agreed, and its {@code tools/call} requests in flight. It is a
 * session of the host's scheduler too, so that the calls a client sends at once keep the ordering
 * contract. Lives on the protocol's event loop.
 */
final class McpSession {

  /** A {@code tools/call} in flight. */
  static final class Running {
    final Object rpcId;
    final String callId;
    final Object progressToken;
    final Consumer<JsonObject> notify;
    String batchId;
    String cancelReason;
    long progress;

    Running(Object rpcId, String callId, Object progressToken, Consumer<JsonObject> notify) {
      this.rpcId = rpcId;
      this.callId = callId;
      this.progressToken = progressToken;
      this.notify = notify;
    }
  }

  final String id;
  final String workspace;
  final String events;
  String protocolVersion;
  /** By the request's id, as {@link #key} writes it. */
  final Map<String, Running> running = new HashMap<>();
  final Map<String, Running> byCallId = new HashMap<>();
  final Map<String, Running> byBatch = new HashMap<>();
  /** Where messages go that answer no request (a changed tool list), or null while nobody listens. */
  Consumer<JsonObject> serverMessages;
  /** Ends the stream {@link #serverMessages} writes to, or null. */
  Runnable endServerMessages;
  MessageConsumer<JsonObject> eventsConsumer;
  long lastSeenNanos = System.nanoTime();
  boolean closed;
  private long calls;

  /**
   * @param id        the session's id, which the client gives back
   * @param workspace the workspace its calls are for, or null for the host's default
   */
  McpSession(String id, String workspace) {
    this.id = id;
    this.workspace = workspace;
    this.events = "tunacode.mcp." + id + ".events";
  }

  /** @return the session's name in the scheduler */
  String schedulerSession() {
    return "mcp:" + id;
  }

  String nextCallId() {
    return "mcp-" + (++calls);
  }

  /** A request id of 1 and of "1" are two requests. */
  static String key(Object rpcId) {
    return (rpcId instanceof String ? "s:" : "n:") + rpcId;
  }

  void started(Running call) {
    running.put(key(call.rpcId), call);
    byCallId.put(call.callId, call);
  }

  void ended(Running call) {
    running.remove(key(call.rpcId));
    byCallId.remove(call.callId);
    if (call.batchId != null) {
      byBatch.remove(call.batchId);
    }
    lastSeenNanos = System.nanoTime();
  }
}
