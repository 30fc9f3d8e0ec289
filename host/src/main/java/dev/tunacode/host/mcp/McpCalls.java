package dev.tunacode.host.mcp;

import dev.tunacode.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code tools/call} as a {@code tunacode.call} of the MCP session's scheduler session, with its
 * progress from the call's events and its cancel by the batch those events name.
 */
final class McpCalls {

  private static final DeliveryOptions CALL = new DeliveryOptions().setSendTimeout(McpProtocol.CALL_TIMEOUT_MS);
  /** Each progress message carries at most this much of a command's output. */
  static final int MAX_PROGRESS_CHARS = 4_096;

  private McpCalls() {
  }

  static Future<JsonObject> call(Vertx vertx, McpSession session, Object id, JsonObject params, Consumer<JsonObject> notify) {
    if (!(params.getValue("name") instanceof String name) || name.isBlank()) {
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "tools/call needs \"name\", the tool's name "
        + "as tools/list gives it."));
    }
    Object arguments = params.getValue("arguments");
    if (arguments != null && !(arguments instanceof JsonObject)) {
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "\"arguments\" must be an object of the "
        + "tool's arguments, such as {\"path\":\"README.md\"}."));
    }
    if (session.running.containsKey(McpSession.key(id))) {
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "A request with this id is still in "
        + "flight in this session; give each request an id of its own."));
    }
    if (session.running.size() >= McpProtocol.MAX_IN_FLIGHT) {
      return Future.succeededFuture(JsonRpc.error(id, JsonRpc.SERVER_ERROR, "This session has "
        + McpProtocol.MAX_IN_FLIGHT + " tool calls in flight; wait for some to be answered before sending more."));
    }
    Object token = params.getValue("_meta") instanceof JsonObject meta ? meta.getValue("progressToken") : null;
    McpSession.Running running = new McpSession.Running(id, session.nextCallId(),
      token instanceof String || token instanceof Number ? token : null, notify);
    session.started(running);
    JsonObject request = new JsonObject().put("tool", name)
      .put("args", arguments == null ? new JsonObject() : ((JsonObject) arguments).copy())
      .put("id", running.callId).put("session", session.schedulerSession()).put("events", session.events);
    if (session.workspace != null) {
      request.put("workspace", session.workspace);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.CALL, request, CALL)
      .map(reply -> answer(id, name, reply.body()))
      .otherwise(failed -> JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "The host did not answer the call: " + failed.getMessage()))
      .onComplete(done -> session.ended(running));
  }

  /** Tells {@code lookAhead} of the tool and arguments of a {@code tools/call} request; of nothing else. */
  static void lookAhead(JsonObject request, BiConsumer<String, JsonObject> lookAhead) {
    if ("tools/call".equals(request.getValue("method")) && request.getValue("params") instanceof JsonObject params
      && params.getValue("name") instanceof String tool && params.getValue("arguments") instanceof JsonObject arguments) {
      lookAhead.accept(tool, arguments);
    }
  }

  // An unknown tool is the one failure MCP makes a protocol error: the client named what does not exist.
  private static JsonObject answer(Object id, String name, JsonObject result) {
    JsonObject error = result.getJsonObject("error");
    if (error != null && "UNKNOWN_TOOL".equals(error.getString("code"))) {
      return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: '" + name + "'. " + error.getString("message", ""));
    }
    return JsonRpc.result(id, McpResults.of(result));
  }

  static void cancel(Vertx vertx, McpSession session, Object requestId, String reason) {
    if (!(requestId instanceof String) && !(requestId instanceof Number)) {
      return;
    }
    McpSession.Running running = session.running.get(McpSession.key(requestId));
    if (running == null || running.cancelReason != null) {
      return; // finished already, or never was: the specification lets a late cancel go unanswered
    }
    running.cancelReason = reason == null ? "the MCP client cancelled it" : "the MCP client cancelled it: " + reason;
    if (running.batchId != null) {
      sendCancel(vertx, running);
    }
  }

  private static void sendCancel(Vertx vertx, McpSession.Running running) {
    vertx.eventBus().request(Addresses.CANCEL, new JsonObject().put("batchId", running.batchId)
      .put("reason", running.cancelReason));
  }

  static void heard(Vertx vertx, McpSession session, JsonObject event) {
    String type = event.getString("type");
    if ("accepted".equals(type)) {
      if (event.getValue("ids") instanceof JsonArray ids && ids.size() == 1 && ids.getValue(0) instanceof String callId) {
        McpSession.Running running = session.byCallId.get(callId);
        if (running != null) {
          running.batchId = event.getString("batchId");
          session.byBatch.put(running.batchId, running);
          if (running.cancelReason != null) {
            sendCancel(vertx, running);
          }
        }
      }
    } else if ("output".equals(type)) {
      McpSession.Running running = session.byBatch.get(event.getString("batchId"));
      if (running != null && running.progressToken != null && running.notify != null) {
        running.notify.accept(JsonRpc.notification("notifications/progress", new JsonObject()
          .put("progressToken", running.progressToken).put("progress", ++running.progress).put("message", message(event))));
      }
    }
  }

  private static String message(JsonObject event) {
    if (event.getValue("data") instanceof String data) {
      return data.length() <= MAX_PROGRESS_CHARS ? data : data.substring(0, MAX_PROGRESS_CHARS) + "…";
    }
    if (event.getValue("matches") instanceof JsonArray matches) {
      return matches.size() + (matches.size() == 1 ? " match" : " matches") + " found";
    }
    return "working";
  }
}
