package dev.tunacode.host.server;

import dev.tunacode.host.mcp.McpHttp;
import dev.tunacode.host.mcp.McpProtocol;
import dev.tunacode.host.metrics.HostMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.function.Supplier;

/**
 * The HTTP face of a host: the event-bus bridge at {@code /eventbus} (SockJS, and raw WebSocket at
 * {@code /eventbus/websocket}), MCP at {@code /mcp}, {@code /health}, {@code /metrics}, and the web console at {@code /}. Past
 * the bridge and a bare {@code /health}, what it serves needs the token (see {@link HttpAccess}).
 */
public final class WebServer extends VerticleBase {

  private final ServerOptions options;
  private final AccessPolicy policy;
  private final HostMetrics metrics;
  private final Supplier<JsonObject> health;
  private final Context home;
  private Bridge bridge;
  private McpProtocol mcp;
  private HttpServer server;

  /**
   * @param token  the token clients must give
   * @param health what {@code /health} reports; called on the event loop, must not block
   */
  public WebServer(ServerOptions options, String token, HostMetrics metrics, Supplier<JsonObject> health, Context home) {
    this.options = new ServerOptions(options);
    this.policy = new AccessPolicy(token, options.getHost(), options.getAllowedOrigins());
    this.metrics = metrics;
    this.health = health;
    this.home = home;
  }

  @Override
  public Future<?> start() {
    BridgeLimits limits = new BridgeLimits(options.getMaxMessageBytes());
    bridge = new Bridge(vertx, policy, limits, options.getMaxOutstanding(), options.getReplyTimeoutMs(),
      new PreAuthGate(vertx, options.getMaxUnauthenticated(), options.getAuthWindowMs()));
    HttpAccess access = new HttpAccess(policy);
    Router router = Router.router(vertx);
    router.route().handler(access.corsEcho());
    bridge.mount(router);
    router.get("/health").handler(access.health(() -> health.get().put("connections", bridge.connections())));
    router.get("/metrics").handler(access.withToken(metrics.scrapeHandler()));
    router.get("/api/stats").handler(access.withToken(ctx -> ctx.json(metrics.summary())));
    mcp = new McpProtocol(vertx);
    router.route("/mcp").handler(new McpGate(policy, options.getHost()));
    router.post("/mcp").handler(BodyHandler.create(false).setBodyLimit(options.getMaxMessageBytes()))
      .failureHandler(ctx -> McpGate.refuse(ctx, ctx.statusCode() == 413 ? 413 : 400, ctx.statusCode() == 413
        ? "A message may be at most " + options.getMaxMessageBytes() + " bytes (server.maxMessageBytes)."
        : "The request could not be read."));
    router.route("/mcp").handler(new McpHttp(vertx, mcp));
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    HttpServerOptions http = new HttpServerOptions()
      .setHost(options.getHost())
      .setPort(options.getPort())
      // Until a connection's first request tells HTTP/1 from h2c, its failures reach no handler and Vert.x
      // logs them as errors: a client that resets then is no error. Nothing here needs HTTP/2.
      .setHttp2ClearTextEnabled(false)
      // A client may send a message in one frame (browsers do), so a frame may be as large as a message.
      // What the server sends is cut into frames of this size too.
      .setMaxWebSocketFrameSize(limits.transportBytes())
      .setMaxWebSocketMessageSize(limits.transportBytes())
      // A compressed frame of kilobytes can inflate to gigabytes before any of those limits is checked.
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false);
    // The server listens from the coordinator's event loop, so that a bridge request and its reply do
    // not cross threads between the socket and the coordinator.
    Promise<HttpServer> listening = Promise.promise();
    // MCP's sessions live there too: its requests and the events of their calls are heard on that loop alone.
    home.runOnContext(v -> mcp.start().compose(started -> vertx.createHttpServer(http)
      .connectionHandler(bridge.failures()::watch).requestHandler(router).listen()).onComplete(listening));
    return listening.future().onSuccess(listened -> {
      server = listened;
      policy.listeningOn(listened.actualPort());
    });
  }

  @Override
  public Future<?> stop() {
    Promise<Void> mcpStopped = Promise.promise();
    home.runOnContext(v -> mcp.stop().onComplete(mcpStopped));
    return mcpStopped.future().transform(done -> server == null ? Future.succeededFuture() : server.close());
  }

  /** @return the port it listens on */
  public int port() {
    return server.actualPort();
  }

  /** @return the bridge connections open now */
  public int connections() {
    return bridge.connections();
  }

  /** @return the console's URL, token included */
  public String consoleUrl() {
    return "http://" + options.getHost() + ":" + port() + "/?token=" + policy.token();
  }
}
