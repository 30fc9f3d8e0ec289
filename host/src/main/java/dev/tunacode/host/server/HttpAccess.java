package dev.tunacode.host.server;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * What an HTTP caller may see of the host besides the bridge. Without the token: whether the host is up,
 * for load balancers, and the console's page. With it: the health report, the metrics and the console's
 * stats. No response lets a page of another origin read it, save one the host's policy allows.
 */
final class HttpAccess {

  private static final String NEEDS_TOKEN = "This needs the host's token: give it as ?token=, in the "
    + AccessPolicy.TOKEN_HEADER + " header, or as Authorization: Bearer.\n";
  private static final String WRONG_TOKEN = "Wrong token. Use the token tunahost serve printed, or the one set in "
    + "server.token or TUNACODE_TOKEN.\n";

  private enum Token { NONE, RIGHT, WRONG }

  private final AccessPolicy policy;

  HttpAccess(AccessPolicy policy) {
    this.policy = policy;
  }

  /**
   * Serves {@code /health}: the report with the token, a bare {@code {"status":"UP"}} without one, 401 for
   * a wrong one.
   */
  Handler<RoutingContext> health(Supplier<JsonObject> report) {
    return ctx -> {
      switch (tokenOf(ctx)) {
        case RIGHT -> ctx.json(report.get());
        case NONE -> ctx.json(new JsonObject().put("status", "UP"));
        case WRONG -> refuse(ctx, WRONG_TOKEN);
      }
    };
  }

  /** Lets the handler through only with the token; answers 401 otherwise. */
  Handler<RoutingContext> withToken(Handler<RoutingContext> handler) {
    return ctx -> {
      switch (tokenOf(ctx)) {
        case RIGHT -> handler.handle(ctx);
        case NONE -> refuse(ctx, NEEDS_TOKEN);
        case WRONG -> refuse(ctx, WRONG_TOKEN);
      }
    };
  }

  /**
   * Leaves a response's {@code Access-Control-Allow-Origin} only when it names the request's own Origin and
   * the policy allows that origin: SockJS answers {@code *} to a request without an Origin, and echoes any.
   */
  Handler<RoutingContext> corsEcho() {
    return ctx -> {
      String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
      ctx.addHeadersEndHandler(v -> {
        MultiMap headers = ctx.response().headers();
        String allowed = headers.get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        if (allowed != null && !(allowed.equals(origin) && policy.originListed(origin))) {
          headers.remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN).remove(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
        }
      });
      ctx.next();
    };
  }

  private Token tokenOf(RoutingContext ctx) {
    String given = AccessPolicy.tokenOf(ctx.request().uri(), ctx.request().headers());
    return given == null ? Token.NONE : policy.tokenMatches(given) ? Token.RIGHT : Token.WRONG;
  }

  private static void refuse(RoutingContext ctx, String message) {
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(message);
  }
}
