package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the content index at its bound")
class IndexBoundTest {

  private static final int FILES = 1_500;

  @TempDir
  Path temp;

  @Test
  @DisplayName("stops learning files past index.maxBytes, says it is full, and greps still give a full scan's results")
  void full() throws Exception {
    Path root = Files.createDirectory(temp.resolve("ws")).toRealPath();
    Random random = new Random(15);
    for (int i = 0; i < FILES; i++) {
      StringBuilder text = new StringBuilder();
      for (int j = 0; j < 3_000; j++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      Files.writeString(root.resolve("file-" + i + ".txt"), text.append(i % 100 == 0 ? " needle\n" : "\n"));
    }
    Thread.sleep(30); // past the 20 ms the files' times take to settle, so that the index trusts them
    Vertx vertx = Vertx.vertx();
    HostOptions noCache = new HostOptions().setCache(new CacheOptions().setEnabled(false));
    try (BuiltinHost indexed = BuiltinHost.start(vertx, root, noCache, new JsonObject().put("index", new JsonObject()
           .put("enabled", true).put("maxBytes", 1 << 20)));
         BuiltinHost plain = BuiltinHost.start(vertx, root, noCache, new JsonObject())) {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      JsonObject index;
      while (!"ready".equals((index = indexed.toolHost().reports().get("index")).getString("state")) || index.getBoolean("syncing")) {
        assertThat(System.nanoTime()).as("the index was built within 30 s: %s", index).isLessThan(until);
        Thread.sleep(20);
      }
      assertThat(index.getBoolean("full")).isTrue();
      assertThat(index.getInteger("files")).isBetween(1, FILES - 1);
      // Weighed after each file: past the bound by at most a file a thread that reads (a file takes about 1.2 KB).
      assertThat(index.getLong("bytes")).isLessThan((1L << 20) + 8 * 1024);
      for (String pattern : new String[] {"needle", "abc", "qqq"}) {
        JsonObject args = new JsonObject().put("pattern", pattern).put("output_mode", "count").put("max_results", 100_000);
        JsonObject through = indexed.ok("grep", args.copy());
        JsonObject scanned = plain.ok("grep", args.copy());
        through.remove("phases");
        scanned.remove("phases");
        assertThat(through).as(pattern).isEqualTo(scanned);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
