package dev.tunacode.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bare JSON-RPC clients of an MCP server, the same for every server measured: a line a message over a
 * process's stdin and stdout, or a POST a message over pooled keep-alive HTTP connections. They do what
 * an SDK client does on the wire and nothing more, so that a figure is the server's, not a client's.
 */
final class McpDrivers {

  private McpDrivers() {
  }

  /** A connected client: tool calls in, responses out. */
  interface Driver extends AutoCloseable {
    CompletableFuture<JsonObject> call(String tool, Map<String, Object> arguments);

    /** A {@code ping}: the round trip of a message the server answers at once, without running a tool. */
    CompletableFuture<JsonObject> ping();
  }

  private static JsonObject ping(long id) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", "ping");
  }

  private static JsonObject initialize(long id) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", "initialize")
      .put("params", new JsonObject().put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())
        .put("clientInfo", new JsonObject().put("name", "tunacode-bench").put("version", "1")));
  }

  private static JsonObject initialized() {
    return new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized");
  }

  private static JsonObject toolCall(long id, String tool, Map<String, Object> arguments) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call")
      .put("params", new JsonObject().put("name", tool).put("arguments", new JsonObject(arguments)));
  }

  /** The server as a process of its own, one message a line. */
  static final class Stdio implements Driver {
    private final Process process;
    private final OutputStream in;
    private final Map<Long, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    Stdio(List<String> command) throws Exception {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      in = process.getOutputStream();
      Thread reader = new Thread(this::read, "mcp-bench-stdout");
      reader.setDaemon(true);
      reader.start();
      long id = ids.incrementAndGet();
      send(id, initialize(id)).get(2, TimeUnit.MINUTES);
      write(initialized());
    }

    private void read() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          JsonObject message = new JsonObject(line);
          if (message.getValue("id") instanceof Number id) {
            CompletableFuture<JsonObject> done = waiting.remove(id.longValue());
            if (done != null) {
              done.complete(message);
            }
          }
        }
      } catch (IOException e) {
        waiting.values().forEach(done -> done.completeExceptionally(e));
      }
    }

    @Override
    public CompletableFuture<JsonObject> call(String tool, Map<String, Object> arguments) {
      long id = ids.incrementAndGet();
      return send(id, toolCall(id, tool, arguments));
    }

    @Override
    public CompletableFuture<JsonObject> ping() {
      long id = ids.incrementAndGet();
      return send(id, McpDrivers.ping(id));
    }

    private CompletableFuture<JsonObject> send(long id, JsonObject message) {
      CompletableFuture<JsonObject> done = new CompletableFuture<>();
      waiting.put(id, done);
      write(message);
      return done;
    }

    private void write(JsonObject message) {
      byte[] line = (message.encode() + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (in) {
        try {
          in.write(line);
          in.flush();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A server's Streamable HTTP endpoint, with the session its initialize gives. */
  static final class Http implements Driver {
    private final HttpClient http;
    private final int port;
    private final String token;
    private final AtomicLong ids = new AtomicLong();
    private volatile String session;
    /** Requests are made on one context of their own: from the bench's own thread, a response that had ended
     * before its body was asked for was lost now and then (one call in some thousands never came back). */
    private final Context context;

    Http(Vertx vertx, int port, String token) throws Exception {
      this.context = vertx.getOrCreateContext();
      this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(64));
      this.port = port;
      this.token = token;
      post(initialize(0)).get(1, TimeUnit.MINUTES);
      post(initialized()).get(1, TimeUnit.MINUTES);
    }

    @Override
    public CompletableFuture<JsonObject> call(String tool, Map<String, Object> arguments) {
      return post(toolCall(ids.incrementAndGet(), tool, arguments));
    }

    @Override
    public CompletableFuture<JsonObject> ping() {
      return post(McpDrivers.ping(ids.incrementAndGet()));
    }

    private CompletableFuture<JsonObject> post(JsonObject message) {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/mcp").putHeader("Content-Type", "application/json").putHeader("Accept", "application/json, text/event-stream")
        .putHeader("Authorization", "Bearer " + token);
      if (session != null) {
        options.putHeader("Mcp-Session-Id", session).putHeader("MCP-Protocol-Version", "2025-06-18");
      }
      CompletableFuture<JsonObject> answered = new CompletableFuture<>();
      context.runOnContext(v -> http.request(options).compose(request -> request.send(message.toBuffer())).compose(response -> {
        if (session == null) {
          session = response.getHeader("Mcp-Session-Id");
        }
        return response.body();
      }).map(body -> body.length() == 0 ? new JsonObject() : body.toJsonObject()).onComplete(done -> {
        if (done.succeeded()) {
          answered.complete(done.result());
        } else {
          answered.completeExceptionally(done.cause());
        }
      }));
      return answered;
    }

    @Override
    public void close() throws Exception {
      http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
