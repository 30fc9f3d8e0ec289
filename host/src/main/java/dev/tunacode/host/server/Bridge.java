package dev.tunacode.host.server;

import dev.tunacode.core.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.Transport;
import io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl;

/**
 * The event-bus bridge at {@code /eventbus}: SockJS (WebSocket, XHR streaming and XHR polling) and a raw
 * WebSocket at {@code /eventbus/websocket}, behind the connection gate and the guard.
 */
final class Bridge {

  /** SockJS's sends over HTTP: a POST of a JSON array of messages. */
  static final String XHR_SEND = "/eventbus/[^/.]+/[^/.]+/xhr_send";
  /** SockJS's polls over HTTP. */
  static final String XHR_POLL = "/eventbus/[^/.]+/[^/.]+/xhr";

  private final Vertx vertx;
  private final AccessPolicy policy;
  private final BridgeLimits limits;
  private final BridgeGuard guard;
  private final SocketFailures failures;
  private final int maxOutstanding;
  private final long replyTimeoutMs;

  Bridge(Vertx vertx, AccessPolicy policy, BridgeLimits limits, int maxOutstanding, long replyTimeoutMs, PreAuthGate preAuth) {
    this.vertx = vertx;
    this.policy = policy;
    this.limits = limits;
    this.maxOutstanding = maxOutstanding;
    this.replyTimeoutMs = replyTimeoutMs;
    this.guard = new BridgeGuard(vertx, policy, limits, maxOutstanding, preAuth);
    this.failures = new SocketFailures(limits);
  }

  void mount(Router router) {
    SockJSBridgeOptions options = new SockJSBridgeOptions();
    Admission.INBOUND.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    options
      .addOutboundPermitted(new PermittedOptions().setAddressRegex(Admission.EVENTS_PREFIX.replace(".", "\\.") + ".+"))
      .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.TOOLS_CHANGED))
      .setReplyTimeout(replyTimeoutMs)
      // The guard's own limits keep a socket's replies and registrations under this, so that the bridge's
      // own refusal (and its warning in the log) never comes first.
      .setMaxHandlersPerSocket(2 * maxOutstanding + 1);
    router.route("/eventbus/*").handler(new ConnectionGate(policy));
    // Without a body handler SockJS answers every send over HTTP with 500. Its limit is the transports' own.
    router.postWithRegex(XHR_SEND).handler(BodyHandler.create(false).setBodyLimit(limits.transportBytes()))
      .failureHandler(ctx -> ctx.response().setStatusCode(ctx.statusCode() == 413 ? 413 : 400)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(ctx.statusCode() == 413 ? "This host reads at most " + limits.transportBytes() + " bytes in one send; send "
          + "messages of at most " + limits.messageBytes() + " bytes, fewer at once.\n" : "The send could not be read.\n"));
    // SockJS closes the connection after each poll without saying so: a client that keeps connections
    // alive (Node's does by default) then sends its next request on a closed one.
    router.postWithRegex(XHR_POLL).handler(ctx -> {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      ctx.next();
    });
    // The transports kept are those the official clients choose first; the others only add ways in.
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions()
      .addDisabledTransport(Transport.EVENT_SOURCE.name())
      .addDisabledTransport(Transport.HTML_FILE.name())
      .addDisabledTransport(Transport.JSON_P.name());
    // vertx-web's own bridge, fed our sockets rather than the transports' own: SockJSHandler.bridge leaves
    // no way in between, and the bridge logs every failure of a socket as an error.
    EventBusBridgeImpl events = new EventBusBridgeImpl(vertx, null, options, guard);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, sockJs)
      .socketHandler(socket -> events.handle(new BridgeSocket(vertx, socket, failures, guard))));
  }

  SocketFailures failures() {
    return failures;
  }

  /** @return the bridge connections open now */
  int connections() {
    return guard.connections();
  }
}
