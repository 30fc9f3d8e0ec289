package dev.tunacode.host.testing;

import dev.tunacode.host.client.BridgeClient;
import dev.tunacode.host.client.BridgeClientOptions;
import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A host with the example plugin, serving on 127.0.0.1 and a free port for a test class, and a Vert.x
 * instance of the tests' own to be its clients. Register it in a static field.
 */
public final class BridgeHost implements BeforeAllCallback, AfterAllCallback {

  public static final String TOKEN = "bridge-host-token-0123456789abcdef";

  /** What an HTTP request got: the status, the headers and the body as text. */
  public record Response(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final UnaryOperator<ServerOptions> options;
  private final VertxOptions vertxOptions;
  private Path workspace;
  private HostRuntime runtime;
  private WebServer server;
  private Vertx client;
  // A static extension hears beforeAll and afterAll for each @Nested class too; the host lives for the outermost.
  private int depth;
  private final JsonObject config;

  public BridgeHost() {
    this(options -> options);
  }

  /** @param options changes to the server options, applied to the defaults with port 0 */
  public BridgeHost(UnaryOperator<ServerOptions> options) {
    this(options, new VertxOptions());
  }

  /** @param vertxOptions the host's own Vert.x options, such as tighter blocked-thread checks */
  public BridgeHost(UnaryOperator<ServerOptions> options, VertxOptions vertxOptions) {
    this(options, vertxOptions, new JsonObject());
  }

  /** @param config the host's configuration, as its file gives it */
  public BridgeHost(UnaryOperator<ServerOptions> options, VertxOptions vertxOptions, JsonObject config) {
    this.options = options;
    this.vertxOptions = vertxOptions;
    this.config = config;
  }

  /** A configuration whose output and reply budgets let a search answer tens of megabytes, for the transports' tests. */
  public static JsonObject largeOutputs() {
    return new JsonObject().put("tools", new JsonObject().put("maxResultBytes", 256L << 20))
      .put("coordinator", new JsonObject().put("maxReplyBytes", 256L << 20));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (depth++ > 0) {
      return;
    }
    workspace = Files.createTempDirectory("bridge-host");
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    client = Vertx.vertx();
    runtime = HostRuntime.start(workspace, List.of(plugins), config, vertxOptions);
    server = runtime.serve(options.apply(new ServerOptions().setPort(0)), TOKEN);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (--depth > 0) {
      return;
    }
    try {
      await(client.close());
    } finally {
      try {
        if (runtime != null) {
          runtime.close();
        }
      } finally {
        delete(workspace);
      }
    }
  }

  public int port() {
    return server.port();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public Path workspace() {
    return workspace;
  }

  public WebServer server() {
    return server;
  }

  public Vertx client() {
    return client;
  }

  /** @return the reply to a request sent on the host's own event bus, as an in-process client gets it */
  public JsonObject inProcess(String address, JsonObject body) throws Exception {
    return await(runtime.vertx().eventBus().<JsonObject>request(address, body)).body();
  }

  public BridgeClient connect() throws Exception {
    return connect(new BridgeClientOptions());
  }

  public BridgeClient connect(BridgeClientOptions options) throws Exception {
    return await(BridgeClient.connect(client, url(), TOKEN, options));
  }

  public Response get(String path, Map<String, String> headers) throws Exception {
    return request(HttpMethod.GET, path, headers, null);
  }

  /** @param body the request's body, or null for none */
  public Response request(HttpMethod method, String path, Map<String, String> headers, String body) throws Exception {
    HttpClient http = client.createHttpClient();
    try {
      return await(http.request(method, port(), "127.0.0.1", path).compose(request -> {
        headers.forEach(request::putHeader);
        return (body == null ? request.send() : request.send(body)).compose(response -> response.body()
          .map(text -> new Response(response.statusCode(), response.headers(), text.toString())));
      }));
    } finally {
      await(http.close());
    }
  }

  public Response get(String path) throws Exception {
    return get(path, Map.of());
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void delete(Path root) throws IOException {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
