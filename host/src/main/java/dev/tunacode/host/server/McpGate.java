package dev.tunacode.host.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Set;

/**
 * Who may reach {@code /mcp}: a request with the host's token, from no browser page or from one of an
 * allowed origin, naming this host by a loopback name when it listens on loopback only. The last two are
 * the protection against DNS rebinding that the MCP specification asks of a local server: a page of
 * another site that makes its name resolve to 127.0.0.1 still sends its own Host and Origin.
 */
final class McpGate implements Handler<RoutingContext> {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private final AccessPolicy policy;
  private final boolean loopbackOnly;

  McpGate(AccessPolicy policy, String listenHost) {
    this.policy = policy;
    this.loopbackOnly = LOOPBACK.contains(listenHost.toLowerCase(Locale.ROOT));
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (ctx.request().method() == HttpMethod.OPTIONS) {
      // No page of another origin may call it, so no preflight is ever answered yes.
      refuse(ctx, 403, "Cross-origin requests to /mcp are not allowed.");
      return;
    }
    HostAndPort authority = ctx.request().authority();
    if (loopbackOnly && (authority == null || !LOOPBACK.contains(authority.host().toLowerCase(Locale.ROOT)))) {
      refuse(ctx, 403, "This host listens on loopback only and answers requests that name it 127.0.0.1 or localhost; "
        + "the Host header said '" + ctx.request().getHeader("Host") + "'.");
      return;
    }
    if (!policy.originAllowed(origin)) {
      refuse(ctx, 403, "Origin " + origin + " may not call this host's MCP endpoint. Add it to server.allowedOrigins "
        + "if it is yours.");
      return;
    }
    String token = AccessPolicy.tokenOf(ctx.request().uri(), ctx.request().headers());
    if (token == null || !policy.tokenMatches(token)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      refuse(ctx, 401, token == null ? "This endpoint needs the host's token: send Authorization: Bearer TOKEN, or add "
        + "?token=TOKEN to the URL when the client cannot set headers." : "Wrong token. Use the token tunahost serve "
        + "printed, or the one set in server.token or TUNACODE_TOKEN.");
      return;
    }
    ctx.next();
  }

  static void refuse(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("jsonrpc", "2.0").putNull("id")
        .put("error", new JsonObject().put("code", -32000).put("message", message)).encode());
  }
}
