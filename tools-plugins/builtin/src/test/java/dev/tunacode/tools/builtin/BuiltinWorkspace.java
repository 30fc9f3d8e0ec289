package dev.tunacode.tools.builtin;

import dev.tunacode.core.HostOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * For each test, a new workspace folder (its real path, in a temporary folder that may hold siblings
 * outside it) and a host with the built-in tools on it; both are gone after the test, even a failed one.
 * Register it with {@code @RegisterExtension final BuiltinWorkspace workspace = new BuiltinWorkspace();}.
 */
public final class BuiltinWorkspace implements BeforeEachCallback, AfterEachCallback {

  private final HostOptions options;
  private Path base;
  private Path root;
  private Vertx vertx;
  private BuiltinHost host;

  /** A host with the default options. */
  public BuiltinWorkspace() {
    this(new HostOptions());
  }

  /** @param options the host's options, such as a smaller output budget or pool */
  public BuiltinWorkspace(HostOptions options) {
    this.options = options;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    base = Files.createTempDirectory("tunacode-test");
    root = Files.createDirectory(base.resolve("ws")).toRealPath();
    vertx = Vertx.vertx();
    host = BuiltinHost.start(vertx, root, options, new JsonObject());
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      host.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      delete(base);
    }
  }

  /** @return the workspace root */
  public Path root() {
    return root;
  }

  /** @return the Vert.x instance the host runs on */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the host on the workspace */
  public BuiltinHost host() {
    return host;
  }

  /** @return a new folder beside the workspace, outside it */
  public Path outside(String name) throws IOException {
    return Files.createDirectory(base.resolve(name)).toRealPath();
  }

  // A test may leave a folder it made unreadable: each folder gets its permissions back before it is listed.
  private static void delete(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
      try (Stream<Path> children = Files.list(path)) {
        for (Path child : children.toList()) {
          delete(child);
        }
      }
    }
    Files.delete(path);
  }
}
