package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index saved between runs ({@code index.persist}): a host started again loads it, reads again only the
 * files changed while it was stopped, forgets those gone, and answers as a full scan; a damaged file is refused.
 */
@DisplayName("the content index saved between runs")
class IndexPersistenceTest {

  private static final int FILES = 40;

  @TempDir
  Path temp;
  private Path root;
  private Path saved;
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectory(temp.resolve("ws")).toRealPath();
    saved = temp.resolve("saved");
    for (int i = 0; i < FILES; i++) {
      Files.writeString(root.resolve("file-" + i + ".txt"), "plain text " + i + "\n");
    }
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a restart reads again only what changed while the host was stopped, and answers as a full scan")
  void restart() throws Exception {
    Thread.sleep(30); // past the 20 ms the files' times take to settle, so that the index trusts them
    try (BuiltinHost first = host()) {
      JsonObject built = until(first, index -> "ready".equals(index.getString("state")) && !index.getBoolean("syncing"));
      assertThat(built.getInteger("loaded")).isEqualTo(-1);
      assertThat(built.getInteger("files")).isEqualTo(FILES);
    }
    assertThat(saved).isDirectoryContaining(path -> path.toString().endsWith(".idx"));
    Files.writeString(root.resolve("file-1.txt"), "a needle now\n");
    Files.delete(root.resolve("file-2.txt"));
    Files.writeString(root.resolve("new.txt"), "another needle\n");
    Thread.sleep(30);
    try (BuiltinHost second = host()) {
      JsonObject synced = until(second, index -> "ready".equals(index.getString("state")) && !index.getBoolean("syncing"));
      assertThat(synced.getInteger("loaded")).isEqualTo(FILES);
      assertThat(synced.getInteger("files")).isEqualTo(FILES);
      assertThat(synced.getInteger("filesRead")).as("files read again: the changed one and the new one").isEqualTo(2);
      JsonObject grep = second.ok("grep", new JsonObject().put("pattern", "needle").put("output_mode", "files_with_matches"));
      assertThat(grep.getJsonArray("files")).containsExactly("file-1.txt", "new.txt");
      assertThat(grep.getJsonObject("phases").getInteger("filesNotRead")).as("of %d files now, 2 hold it", FILES).isEqualTo(FILES - 2);
    }
  }

  @Test
  @DisplayName("a damaged saved index is refused and the index built from nothing")
  void damaged() throws Exception {
    try (BuiltinHost first = host()) {
      until(first, index -> "ready".equals(index.getString("state")) && !index.getBoolean("syncing"));
    }
    Path file;
    try (var files = Files.list(saved)) {
      file = files.filter(path -> path.toString().endsWith(".idx")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);
    try (BuiltinHost second = host()) {
      JsonObject built = until(second, index -> "ready".equals(index.getString("state")) && !index.getBoolean("syncing"));
      assertThat(built.getInteger("loaded")).isEqualTo(-1);
      assertThat(built.getInteger("filesRead")).isGreaterThanOrEqualTo(FILES);
      assertThat(second.ok("grep", new JsonObject().put("pattern", "plain text 7").put("output_mode", "files_with_matches"))
        .getJsonArray("files")).containsExactly("file-7.txt");
    }
  }

  private BuiltinHost host() throws Exception {
    return BuiltinHost.start(vertx, root, new HostOptions(), new JsonObject().put("index", new JsonObject().put("enabled", true)
      .put("persist", true).put("persistDir", saved.toString())));
  }

  private static JsonObject until(BuiltinHost host, Predicate<JsonObject> wanted) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      JsonObject index = host.toolHost().reports().get("index");
      if (index != null && wanted.test(index)) {
        return index;
      }
      assertThat(System.nanoTime()).as("the index became %s", index).isLessThan(until);
      Thread.sleep(20);
    }
  }
}
