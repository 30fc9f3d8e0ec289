package dev.tunacode.host.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * Refuses a bridge connection from a foreign origin or with a wrong token at the HTTP request, before
 * a socket exists, with a status and a reason a client can read. A WebSocket upgrade with no token
 * passes: it must then give the token in its first message (see {@link BridgeGuard}). SockJS's HTTP
 * transports need the token on every request, since each of them reaches a session by its id alone.
 */
final class ConnectionGate implements Handler<RoutingContext> {

  private static final Pattern HTTP_TRANSPORT = Pattern.compile("/eventbus/[^/.]+/[^/.]+/xhr(_streaming|_send)?");

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
    if (token == null && needsToken(ctx)) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("This host needs a token: give it as ?token= on the SockJS URL, or in the X-TunaCode-Token header.\n");
      return;
    }
    if (token != null && !policy.tokenMatches(token)) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("Wrong token. Use the token tunahost serve printed, or the one set in server.token or TUNACODE_TOKEN.\n");
      return;
    }
    ctx.next();
  }

  // The path the router matches routes against, so that no spelling of it slips past; a CORS preflight
  // carries no headers of the client's own, so it may come without the token.
  private static boolean needsToken(RoutingContext ctx) {
    return ctx.request().method() != HttpMethod.OPTIONS && HTTP_TRANSPORT.matcher(ctx.normalizedPath()).matches();
  }
}
