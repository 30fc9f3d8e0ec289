package dev.tunacode.host.server;

import dev.tunacode.host.metrics.HostMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP face of a host: the event-bus bridge at {@code /eventbus} (SockJS, and raw WebSocket at
 * {@code /eventbus/websocket}), {@code /health}, {@code /metrics}, and the web console at {@code /}.
 */
public final class WebServer extends VerticleBase {

  /** Bridge replies may take as long as a batch of long commands. */
  private static final long REPLY_TIMEOUT_MS = TimeUnit.HOURS.toMillis(6);

  private final ServerOptions options;
  private final AccessPolicy policy;
  private final HostMetrics metrics;
  private final Supplier<JsonObject> health;
  private final Context home;
  private BridgeGuard guard;
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
    guard = new BridgeGuard(policy, limits, options.getMaxOutstanding());
    SockJSBridgeOptions bridge = new SockJSBridgeOptions();
    BridgeGuard.INBOUND.forEach(address -> bridge.addInboundPermitted(new PermittedOptions().setAddress(address)));
    bridge
      .addOutboundPermitted(new PermittedOptions().setAddressRegex(BridgeGuard.EVENTS_PREFIX.replace(".", "\\.") + ".+"))
      .setReplyTimeout(REPLY_TIMEOUT_MS)
      .setMaxHandlersPerSocket(options.getMaxOutstanding() + 64);
    Router router = Router.router(vertx);
    router.route("/eventbus/*").handler(new ConnectionGate(policy));
    // vertx-web's own bridge, fed our sockets rather than the transports' own: SockJSHandler.bridge leaves
    // no way in between, and the bridge logs every failure of a socket as an error.
    EventBusBridgeImpl events = new EventBusBridgeImpl(vertx, null, bridge, guard);
    SocketFailures failures = new SocketFailures(limits);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx)
      .socketHandler(socket -> events.handle(new BridgeSocket(vertx, socket, failures))));
    router.get("/health").handler(ctx -> ctx.json(health.get().put("connections", guard.connections())));
    router.get("/metrics").handler(metrics.scrapeHandler());
    router.get("/api/stats").handler(ctx -> ctx.json(metrics.summary()));
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
      .setMaxWebSocketMessageSize(limits.transportBytes());
    // The server listens from the coordinator's event loop, so that a bridge request and its reply do
    // not cross threads between the socket and the coordinator.
    Promise<HttpServer> listening = Promise.promise();
    home.runOnContext(v -> vertx.createHttpServer(http).connectionHandler(failures::watch).requestHandler(router).listen()
      .onComplete(listening));
    return listening.future().onSuccess(listened -> {
      server = listened;
      policy.listeningOn(listened.actualPort());
    });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** @return the port it listens on */
  public int port() {
    return server.actualPort();
  }

  /** @return the bridge connections open now */
  public int connections() {
    return guard.connections();
  }

  /** @return the console's URL, token included */
  public String consoleUrl() {
    return "http://" + options.getHost() + ":" + port() + "/?token=" + policy.token();
  }
}
