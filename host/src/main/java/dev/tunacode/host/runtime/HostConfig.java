package dev.tunacode.host.runtime;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the host configuration with vertx-config: the file, then environment variables over it.
 * See docs/configuration.md for every key.
 */
public final class HostConfig {

  /** The file used when none is named and it exists, relative to the workspace. */
  public static final String DEFAULT_FILE = "config/host.json";

  private HostConfig() {
  }

  /**
   * Call it from a plain thread, not an event loop: it checks that the file exists.
   *
   * @param file the configuration file, or null for none
   * @param env  the environment, usually {@code System.getenv()}
   * @return the merged configuration; fails with an {@link IllegalArgumentException} that says what is
   * wrong with the file or a variable
   */
  public static Future<JsonObject> load(Vertx vertx, Path file, Map<String, String> env) {
    Future<JsonObject> fromFile;
    if (file == null) {
      fromFile = Future.succeededFuture(new JsonObject());
    } else if (!Files.isRegularFile(file)) {
      return Future.failedFuture(new IllegalArgumentException("The configuration file " + file + " does not exist."));
    } else {
      ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(-1)
        .addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", file.toAbsolutePath().toString()))));
      fromFile = retriever.getConfig()
        .eventually(() -> {
          retriever.close();
          return Future.succeededFuture();
        })
        .recover(failure -> Future.failedFuture(new IllegalArgumentException(
          "The configuration file " + file + " is not valid JSON: " + failure.getMessage(), failure)));
    }
    return fromFile.map(config -> EnvOverrides.apply(config, env));
  }

  /** @return the file named, or the default file under the workspace when it exists, or null */
  public static Path choose(Path named, Path workspace) {
    if (named != null) {
      return named;
    }
    Path fallback = workspace.resolve(DEFAULT_FILE);
    return Files.isRegularFile(fallback) ? fallback : null;
  }
}
