package dev.tunacode.host.mcp;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * MCP's Streamable HTTP transport at {@code /mcp}: a POST carries one JSON-RPC message, answered as JSON,
 * or as a stream of server-sent events when a tool call asked for progress; a GET opens the session's
 * stream of messages that answer no request (a changed tool list); a DELETE ends the session and cancels
 * its calls. Who may call is checked before this (the token, Origin and Host). Runs on the event loop
 * the protocol lives on.
 */
public final class McpHttp implements Handler<RoutingContext> {

  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";
  /** Comments on an idle stream, so that nothing between closes it for silence. */
  static final long KEEP_ALIVE_MS = 25_000;

  private final Vertx vertx;
  private final McpProtocol protocol;

  public McpHttp(Vertx vertx, McpProtocol protocol) {
    this.vertx = vertx;
    this.protocol = protocol;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String version = ctx.request().getHeader(VERSION_HEADER);
    if (version != null && !McpVersions.IN_HEADER.contains(version)) {
      fail(ctx, 400, JsonRpc.INVALID_REQUEST, "Unsupported " + VERSION_HEADER + " '" + version + "'; this server speaks "
        + String.join(", ", McpVersions.IN_HEADER) + ".");
      return;
    }
    if (method == HttpMethod.POST) {
      post(ctx);
    } else if (method == HttpMethod.GET) {
      get(ctx);
    } else if (method == HttpMethod.DELETE) {
      delete(ctx);
    } else {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, POST, DELETE");
      fail(ctx, 405, JsonRpc.SERVER_ERROR, "/mcp takes POST (a JSON-RPC message), GET (the session's stream) and DELETE "
        + "(the end of the session).");
    }
  }

  private void post(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      fail(ctx, 415, JsonRpc.SERVER_ERROR, "Send the JSON-RPC message with Content-Type: application/json.");
      return;
    }
    if (!accepts(ctx, "application/json") && !accepts(ctx, "text/event-stream")) {
      fail(ctx, 406, JsonRpc.SERVER_ERROR, "Accept application/json and text/event-stream: answers come as either.");
      return;
    }
    Object body;
    try {
      body = Json.decodeValue(ctx.body().buffer() == null ? io.vertx.core.buffer.Buffer.buffer() : ctx.body().buffer());
    } catch (DecodeException e) {
      fail(ctx, 400, JsonRpc.PARSE_ERROR, "The body is not JSON: " + e.getMessage());
      return;
    }
    if (body instanceof io.vertx.core.json.JsonArray) {
      fail(ctx, 400, JsonRpc.INVALID_REQUEST, "Send one JSON-RPC message per request: batches are not part of MCP "
        + "since 2025-06-18.");
      return;
    }
    if (!(body instanceof JsonObject message)) {
      fail(ctx, 400, JsonRpc.INVALID_REQUEST, "The body must be a JSON-RPC message, a JSON object.");
      return;
    }
    if ("initialize".equals(message.getValue("method")) && JsonRpc.isRequest(message)) {
      initialize(ctx, message);
      return;
    }
    McpSession session = sessionOf(ctx);
    if (session == null) {
      return;
    }
    if (!JsonRpc.isRequest(message)) {
      protocol.handle(session, message, null).onComplete(done -> {
        JsonObject refused = done.succeeded() ? done.result() : null;
        if (refused != null) {
          respond(ctx, 400, refused);
        } else {
          ctx.response().setStatusCode(202).end();
        }
      });
      return;
    }
    boolean stream = wantsProgress(message) && accepts(ctx, "text/event-stream");
    Consumer<JsonObject> notify = stream ? sse(ctx.response()) : null;
    protocol.handle(session, message, notify).onComplete(done -> {
      JsonObject response = done.succeeded() ? done.result()
        : JsonRpc.error(message.getValue("id"), JsonRpc.INTERNAL_ERROR, String.valueOf(done.cause()));
      if (stream) {
        if (!ctx.response().closed()) {
          ctx.response().end(event(response));
        }
      } else {
        respond(ctx, 200, response);
      }
    });
  }

  private void initialize(RoutingContext ctx, JsonObject message) {
    String workspace = ctx.queryParams().get("workspace");
    protocol.refusal(workspace).onComplete(checked -> {
      String refused = checked.succeeded() ? checked.result() : "The host could not list its workspaces: " + checked.cause();
      if (refused != null) {
        respond(ctx, 400, JsonRpc.error(message.getValue("id"), JsonRpc.INVALID_PARAMS, refused));
      } else {
        open(ctx, message, workspace);
      }
    });
  }

  private void open(RoutingContext ctx, JsonObject message, String workspace) {
    protocol.open(workspace).onComplete(opened -> {
      if (opened.failed()) {
        fail(ctx, 503, JsonRpc.SERVER_ERROR, opened.cause().getMessage());
        return;
      }
      McpSession session = opened.result();
      protocol.handle(session, message, null).onComplete(done -> {
        JsonObject response = done.result();
        if (response == null || response.containsKey("error")) {
          protocol.close(session);
          respond(ctx, 400, response);
          return;
        }
        ctx.response().putHeader(SESSION_HEADER, session.id);
        respond(ctx, 200, response);
      });
    });
  }

  private void get(RoutingContext ctx) {
    if (!accepts(ctx, "text/event-stream")) {
      fail(ctx, 406, JsonRpc.SERVER_ERROR, "GET /mcp opens a stream of server-sent events: Accept text/event-stream.");
      return;
    }
    McpSession session = sessionOf(ctx);
    if (session == null) {
      return;
    }
    HttpServerResponse response = ctx.response();
    Consumer<JsonObject> stream = sse(response);
    // One stream a session: a client that opens another has lost the first, which is ended.
    if (session.endServerMessages != null) {
      session.endServerMessages.run();
    }
    session.serverMessages = stream;
    session.endServerMessages = () -> {
      if (!response.closed() && !response.ended()) {
        response.end();
      }
    };
    response.write(": the session's stream of server messages\n\n");
    long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, tick -> {
      if (!response.closed() && !response.ended()) {
        response.write(": keep-alive\n\n");
      }
    });
    Runnable gone = () -> {
      vertx.cancelTimer(keepAlive);
      if (session.serverMessages == stream) {
        session.serverMessages = null;
        session.endServerMessages = null;
      }
    };
    response.closeHandler(closed -> gone.run());
    response.endHandler(ended -> gone.run());
  }

  private void delete(RoutingContext ctx) {
    McpSession session = sessionOf(ctx);
    if (session == null) {
      return;
    }
    protocol.close(session).onComplete(closed -> ctx.response().setStatusCode(204).end());
  }

  // A missing id is a bad request; an unknown one a session that has ended (or never was), which a client
  // answers with a new initialize.
  private McpSession sessionOf(RoutingContext ctx) {
    String id = ctx.request().getHeader(SESSION_HEADER);
    if (id == null) {
      fail(ctx, 400, JsonRpc.INVALID_REQUEST, "Send the " + SESSION_HEADER + " header that the initialize response gave, "
        + "or initialize first.");
      return null;
    }
    McpSession session = protocol.session(id);
    if (session == null) {
      fail(ctx, 404, JsonRpc.SESSION_NOT_FOUND, "No session " + (id.length() <= 64 ? "'" + id + "'" : "of that id")
        + " is open: it has ended or never was. Initialize a new one.");
    }
    return session;
  }

  private static boolean wantsProgress(JsonObject message) {
    return message.getValue("params") instanceof JsonObject params && params.getValue("_meta") instanceof JsonObject meta
      && meta.getValue("progressToken") != null;
  }

  private static boolean accepts(RoutingContext ctx, String type) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept == null) {
      return "application/json".equals(type);
    }
    String lower = accept.toLowerCase(Locale.ROOT);
    return lower.contains(type) || lower.contains("*/*");
  }

  private static Consumer<JsonObject> sse(HttpServerResponse response) {
    response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    return message -> {
      // A client that does not read its stream loses notifications, not the host's memory: a response
      // is written with end(), whatever the queue holds.
      if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
        response.write(event(message));
      }
    };
  }

  private static String event(JsonObject message) {
    // JSON as Vert.x encodes it has no raw line break, so one data line holds it.
    return "event: message\ndata: " + message.encode() + "\n\n";
  }

  private static void respond(RoutingContext ctx, int status, JsonObject message) {
    if (ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(message.encode());
  }

  private static void fail(RoutingContext ctx, int status, int code, String text) {
    respond(ctx, status, JsonRpc.error(null, code, text));
  }
}
