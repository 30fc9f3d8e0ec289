package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A tree wide enough that the helpers share the index's verdicts, a chunk of files a task. */
@DisplayName("grep through the index of a tree of 20,000 files")
class IndexWideTreeTest {

  private static final int FILES = 20_000;

  @TempDir
  static Path temp;
  private static Vertx vertx;
  private static BuiltinHost indexed;
  private static BuiltinHost plain;

  @BeforeAll
  static void start() throws Exception {
    Path root = Files.createDirectory(temp.resolve("ws")).toRealPath();
    for (int folder = 0; folder < 20; folder++) {
      Path dir = Files.createDirectory(root.resolve("d" + folder));
      for (int i = 0; i < FILES / 20; i++) {
        int n = folder * (FILES / 20) + i;
        Files.writeString(dir.resolve("f" + i + ".txt"), "file " + n + (n % 997 == 0 ? " with a needle\n" : " with hay\n"));
      }
    }
    Thread.sleep(30); // past the 20 ms the files' times take to settle, so that the index trusts them
    vertx = Vertx.vertx();
    HostOptions noCache = new HostOptions().setCache(new CacheOptions().setEnabled(false));
    indexed = BuiltinHost.start(vertx, root, noCache, new JsonObject().put("index", new JsonObject().put("enabled", true)));
    plain = BuiltinHost.start(vertx, root, noCache, new JsonObject());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonObject index;
    while (!"ready".equals((index = indexed.toolHost().reports().get("index")).getString("state")) || index.getBoolean("syncing")) {
      assertThat(System.nanoTime()).as("the index was built within 60 s: %s", index).isLessThan(until);
      Thread.sleep(20);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    indexed.close();
    plain.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("gives a full scan's results, whole and cut short, while reading only the files that can match")
  void sameAsAScan() throws Exception {
    JsonObject[] cases = {
      new JsonObject().put("pattern", "needle").put("output_mode", "content").put("max_results", 1_000),
      new JsonObject().put("pattern", "needle").put("output_mode", "files_with_matches"),
      new JsonObject().put("pattern", "needle").put("output_mode", "content").put("max_results", 5),
      new JsonObject().put("pattern", "with a \\w+dle").put("use_regex", true).put("case_sensitive", true),
      new JsonObject().put("pattern", "NEEDLE").put("directory", "d7"),
    };
    for (JsonObject args : cases) {
      JsonObject through = indexed.ok("grep", args.copy());
      JsonObject scanned = plain.ok("grep", args.copy());
      int notRead = through.getJsonObject("phases").getInteger("filesNotRead");
      through.remove("phases");
      scanned.remove("phases");
      assertThat(through).as(args.encode()).isEqualTo(scanned);
      assertThat(notRead).as("files passed over for %s", args.encode()).isGreaterThan(args.containsKey("directory") ? 950 : 19_000);
    }
    assertThat(indexed.ok("grep", new JsonObject().put("pattern", "needle").put("output_mode", "files_with_matches")).getString("text"))
      .contains("d0/f0.txt", "d19/f940.txt").doesNotContain("d0/f1.txt");
  }
}
