package dev.tunacode.host.server;

import io.vertx.core.MultiMap;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may connect: the token, and the origins a browser page may connect from. A request without an
 * Origin header is not from a browser page, so only the token guards it; a browser always sends one,
 * which is what stops another site's page from reaching a host on localhost through the user's
 * browser (cross-site WebSocket hijacking).
 */
final class AccessPolicy {

  /** Where a client may give the token besides the query parameter {@code token}. */
  static final String TOKEN_HEADER = "X-TunaCode-Token";

  private final String token;
  private final String host;
  private final Set<String> origins = ConcurrentHashMap.newKeySet();

  AccessPolicy(String token, String host, List<String> extraOrigins) {
    this.token = token;
    this.host = host;
    extraOrigins.forEach(origin -> origins.add(origin.toLowerCase(Locale.ROOT)));
  }

  /** Adds the host's own origins, once the port it listens on is known. */
  void listeningOn(int port) {
    origins.add(("http://" + host + ":" + port).toLowerCase(Locale.ROOT));
    origins.add("http://127.0.0.1:" + port);
    origins.add("http://localhost:" + port);
  }

  String token() {
    return token;
  }

  boolean originAllowed(String origin) {
    return origin == null || originListed(origin);
  }

  /** @return whether the origin is one a browser page may connect from: the host's own or an allowed one */
  boolean originListed(String origin) {
    return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
  }

  boolean tokenMatches(String given) {
    return Tokens.matches(token, given);
  }

  /** @return the token a connection request carries in its query, its headers or null */
  static String tokenOf(String uri, MultiMap headers) {
    String header = headers.get(TOKEN_HEADER);
    if (header != null) {
      return header;
    }
    String authorization = headers.get("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return queryParam(uri, "token");
  }

  private static String queryParam(String uri, String name) {
    String query;
    try {
      query = URI.create(uri).getRawQuery();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
