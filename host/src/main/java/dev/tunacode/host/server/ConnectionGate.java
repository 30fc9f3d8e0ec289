package dev.tunacode.host.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a bridge connection from a foreign origin or with a wrong token at the HTTP request, before
 * a socket exists, with a status and a reason a client can read. A request with no token passes: it
 * must then give the token in its first message (see {@link BridgeGuard}).
 */
final class ConnectionGate implements Handler<RoutingContext> {

  private final AccessPolicy policy;

  ConnectionGate(AccessPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (!policy.originAllowed(origin)) {
      ctx.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Origin " + origin + " may not connect to this host. Open the console from the host's own URL, "
          + "or add the origin to server.allowedOrigins.\n");
      return;
    }
    String token = AccessPolicy.tokenOf(ctx.request().uri(), ctx.request().headers());
    if (token != null && !policy.tokenMatches(token)) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Wrong token. Use the token tunahost serve printed, or the one set in server.token or TUNACODE_TOKEN.\n");
      return;
    }
    ctx.next();
  }
}
