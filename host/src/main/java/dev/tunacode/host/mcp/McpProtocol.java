package dev.tunacode.host.mcp;

import dev.tunacode.core.Addresses;
import dev.tunacode.host.runtime.HostRuntime;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * MCP's methods, whatever carries them (Streamable HTTP or stdio): a session's requests in, its responses
 * and notifications out. Every tool call goes to {@code tunacode.call} like any client's, in the MCP
 * session's own scheduler session, so the host's ordering contract holds for calls a client sends at
 * once; nothing here orders or runs a call. Lives on one event loop: create and use it there.
 */
public final class McpProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(McpProtocol.class);
  /** A tool call is answered within its own time limit; this only bounds a host that is stuck. */
  static final long CALL_TIMEOUT_MS = TimeUnit.HOURS.toMillis(6);
  /** A session with nothing in flight is forgotten after this long without a request. */
  static final long IDLE_MS = TimeUnit.MINUTES.toMillis(30);
  static final int MAX_SESSIONS = 1_000;
  static final int MAX_IN_FLIGHT = 1_024;
  private static final Set<String> LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical", "alert",
    "emergency");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Map<String, McpSession> sessions = new LinkedHashMap<>();
  private long sweeper = -1;
  private io.vertx.core.eventbus.MessageConsumer<Object> toolsChanged;

  public McpProtocol(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts hearing tool list changes and forgetting idle sessions. */
  public Future<Void> start() {
    sweeper = vertx.setPeriodic(TimeUnit.MINUTES.toMillis(1), tick -> sweep());
    toolsChanged = vertx.eventBus().consumer(Addresses.TOOLS_CHANGED, message -> toolsChanged());
    return toolsChanged.completion();
  }

  /** Ends every session, cancelling their calls. */
  public Future<Void> stop() {
    vertx.cancelTimer(sweeper);
    List<Future<?>> closing = new ArrayList<>();
    new ArrayList<>(sessions.values()).forEach(session -> closing.add(close(session)));
    if (toolsChanged != null) {
      closing.add(toolsChanged.unregister());
    }
    return Future.join(closing).mapEmpty();
  }

  /**
   * Opens a session, heard on its own events address.
   *
   * @param workspace the workspace its calls name, or null for the host's default
   * @return the session, or a failed future when there are too many
   */
  Future<McpSession> open(String workspace) {
    if (sessions.size() >= MAX_SESSIONS) {
      sweep();
      if (sessions.size() >= MAX_SESSIONS) {
        return Future.failedFuture(new IllegalStateException("This host has " + MAX_SESSIONS + " MCP sessions open; "
          + "end one (DELETE /mcp with its Mcp-Session-Id) or wait for idle ones to be forgotten."));
      }
    }
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    McpSession session = new McpSession(HexFormat.of().formatHex(bytes), workspace);
    sessions.put(session.id, session);
    session.eventsConsumer = vertx.eventBus().consumer(session.events, message -> heard(session, message.body()));
    return session.eventsConsumer.completion().map(session);
  }

  /**
   * @param workspace a workspace's id, or null for the default one
   * @return why a session cannot be bound to it (it is not served, or not an id), or null when it can
   */
  Future<String> refusal(String workspace) {
    if (workspace == null) {
      return Future.succeededFuture(null);
    }
    String wrong = dev.tunacode.core.workspace.Workspace.checkId(workspace);
    if (wrong != null) {
      return Future.succeededFuture("?workspace=: " + wrong);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.WORKSPACES, new JsonObject()).map(reply -> {
      List<String> served = reply.body().getJsonArray("workspaces", new JsonArray()).stream()
        .map(each -> ((JsonObject) each).getString("id")).toList();
      return served.contains(workspace) ? null : "No workspace '" + workspace + "' is served. Served: "
        + String.join(", ", served.stream().map(id -> "'" + id + "'").toList()) + ". Name one of them in ?workspace=, "
        + "or leave it out for the default one.";
    });
  }

  /** @return the open session of that id, or null */
  McpSession session(String id) {
    McpSession session = id == null ? null : sessions.get(id);
    if (session != null) {
      session.lastSeenNanos = System.nanoTime();
    }
    return session;
  }

  /** Ends the session: its calls are cancelled and its id is no longer known. */
  Future<Void> close(McpSession session) {
    if (session.closed) {
      return Future.succeededFuture();
    }
    session.closed = true;
    sessions.remove(session.id);
    if (session.endServerMessages != null) {
      session.endServerMessages.run();
    }
    session.serverMessages = null;
    Future<?> cancelled = session.running.isEmpty() ? Future.succeededFuture()
      : vertx.eventBus().request(Addresses.CANCEL, new JsonObject().put("session", session.schedulerSession())
        .put("reason", "its MCP session ended"));
    return Future.join(cancelled, session.eventsConsumer.unregister()).mapEmpty();
  }

  /**
   * @param notify where notifications about this request go (its progress), before its response
   * @return the response to a request, or null for a notification or a response
   */
  Future<JsonObject> handle(McpSession session, JsonObject message, Consumer<JsonObject> notify) {
    String wrong = JsonRpc.malformed(message);
    if (wrong != null) {
      return Future.succeededFuture(JsonRpc.error(message.getValue("id") instanceof Number || message.getValue("id") instanceof String
        ? message.getValue("id") : null, JsonRpc.INVALID_REQUEST, wrong));
    }
    if (!JsonRpc.isRequest(message)) {
      if (JsonRpc.isNotification(message)) {
        notified(session, message.getString("method"), params(message));
      }
      return Future.succeededFuture(null);
    }
    Object id = message.getValue("id");
    String method = message.getString("method");
    JsonObject params = params(message);
    if (session.protocolVersion == null && !"initialize".equals(method) && !"ping".equals(method)) {
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "The session is not initialized: send "
        + "\"initialize\" first."));
    }
    try {
      return switch (method) {
        case "initialize" -> Future.succeededFuture(initialize(session, id, params));
        case "ping" -> Future.succeededFuture(JsonRpc.result(id, new JsonObject()));
        case "tools/list" -> toolsList(session, id, params);
        case "tools/call" -> McpCalls.call(vertx, session, id, params, notify);
        case "logging/setLevel" -> Future.succeededFuture(setLevel(id, params));
        case "resources/list" -> empty(id, params, "resources");
        case "resources/templates/list" -> empty(id, params, "resourceTemplates");
        case "prompts/list" -> empty(id, params, "prompts");
        case "completion/complete" -> Future.succeededFuture(JsonRpc.result(id, new JsonObject().put("completion",
          new JsonObject().put("values", new JsonArray()).put("hasMore", false))));
        default -> Future.succeededFuture(JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: '" + method
          + "'. This server offers initialize, ping, tools/list, tools/call, logging/setLevel, and empty resource, "
          + "prompt and completion lists."));
      };
    } catch (RuntimeException e) {
      LOG.error("MCP method {} failed", method, e);
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "The server failed on " + method + ": " + e));
    }
  }

  private static JsonObject params(JsonObject message) {
    return message.getValue("params") instanceof JsonObject params ? params : new JsonObject();
  }

  private JsonObject initialize(McpSession session, Object id, JsonObject params) {
    if (session.protocolVersion != null) {
      return JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "The session is already initialized; a new session starts "
        + "with an initialize request of its own.");
    }
    if (!(params.getValue("protocolVersion") instanceof String)) {
      return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "initialize needs \"protocolVersion\", such as \""
        + McpVersions.LATEST + "\".");
    }
    session.protocolVersion = McpVersions.agree(params.getValue("protocolVersion"));
    JsonObject capabilities = new JsonObject()
      .put("tools", new JsonObject().put("listChanged", true))
      .put("logging", new JsonObject())
      .put("resources", new JsonObject())
      .put("prompts", new JsonObject())
      .put("completions", new JsonObject());
    return JsonRpc.result(id, new JsonObject()
      .put("protocolVersion", session.protocolVersion)
      .put("capabilities", capabilities)
      .put("serverInfo", new JsonObject().put("name", "tunacode-host").put("title", "TunaCode Tool Host").put("version", HostRuntime.VERSION))
      .put("instructions", "Tools of a coding agent on one workspace. Read-only tools (readOnlyHint) may be called "
        + "in parallel; calls of one session are run as if one by one in the order they arrived, so a write waits "
        + "for earlier reads of its file and a read after a write sees it."));
  }

  private Future<JsonObject> toolsList(McpSession session, Object id, JsonObject params) {
    if (params.getValue("cursor") != null) {
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown cursor: every tool comes in "
        + "one page, so there is no next one."));
    }
    JsonObject ask = session.workspace == null ? new JsonObject() : new JsonObject().put("workspace", session.workspace);
    return vertx.eventBus().<JsonObject>request(Addresses.TOOLS, ask, new DeliveryOptions().setSendTimeout(30_000))
      .map(reply -> {
        JsonObject body = reply.body();
        if (body.getValue("tools") instanceof JsonArray) {
          return JsonRpc.result(id, McpTools.list(body));
        }
        JsonObject error = body.getJsonObject("error", new JsonObject());
        return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, error.getString("message", "The host has no tool list."));
      })
      .otherwise(failed -> JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "The host did not give its tool list: " + failed.getMessage()));
  }

  private static JsonObject setLevel(Object id, JsonObject params) {
    Object level = params.getValue("level");
    if (!(level instanceof String name) || !LEVELS.contains(name)) {
      return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "\"level\" must be one of debug, info, notice, warning, error, "
        + "critical, alert, emergency.");
    }
    // Taken as the specification asks; the host sends no log messages yet, so there is nothing to filter.
    return JsonRpc.result(id, new JsonObject());
  }

  private static Future<JsonObject> empty(Object id, JsonObject params, String field) {
    if (params.getValue("cursor") != null) {
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown cursor: the list is empty."));
    }
    return Future.succeededFuture(JsonRpc.result(id, new JsonObject().put(field, new JsonArray())));
  }

  private void notified(McpSession session, String method, JsonObject params) {
    switch (method) {
      case "notifications/initialized" -> LOG.debug("MCP session {} initialized", session.id);
      case "notifications/cancelled" -> McpCalls.cancel(vertx, session, params.getValue("requestId"),
        params.getValue("reason") instanceof String reason ? reason : null);
      default -> LOG.debug("MCP notification {} ignored", method);
    }
  }

  // Events of the session's calls: which batch each call is (to cancel it by), and its progress.
  private void heard(McpSession session, JsonObject event) {
    if (event != null && !session.closed) {
      McpCalls.heard(vertx, session, event);
    }
  }

  private void toolsChanged() {
    JsonObject changed = JsonRpc.notification("notifications/tools/list_changed", null);
    for (McpSession session : sessions.values()) {
      if (session.protocolVersion != null && session.serverMessages != null) {
        session.serverMessages.accept(changed);
      }
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (McpSession session : new ArrayList<>(sessions.values())) {
      if (session.running.isEmpty() && session.serverMessages == null
        && TimeUnit.NANOSECONDS.toMillis(now - session.lastSeenNanos) > IDLE_MS) {
        close(session);
      }
    }
  }
}
