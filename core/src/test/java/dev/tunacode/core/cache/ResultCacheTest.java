package dev.tunacode.core.cache;

import dev.tunacode.core.registry.PluginCalls;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.workspace.Workspace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A workspace's result cache, looked at directly")
class ResultCacheTest {

  @TempDir
  Path root;
  private WorkspaceChanges changes;
  private ResultCache cache;
  private final CacheKey key = CacheKey.of(new PluginCalls(), "read", new TreeMap<>(), new JsonObject().put("p", "x"));

  @BeforeEach
  void open() throws Exception {
    Files.writeString(root.resolve("a.txt"), "a");
    Files.writeString(root.resolve("b.txt"), "b");
    Workspace workspace = new Workspace(root);
    changes = new WorkspaceChanges(workspace, 10_000);
    cache = ResultCache.open(workspace, changes, 1 << 20, CacheListener.NONE);
    long until = System.nanoTime() + 10_000_000_000L;
    while (!cache.watching() && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertThat(cache.watching()).as("the watcher sees the tree").isTrue();
    Thread.sleep(2 * FileStamp.SETTLE_NANOS / 1_000_000); // the files' times have settled
  }

  @AfterEach
  void close() {
    cache.close();
    changes.close();
  }

  @Test
  @DisplayName("serve a kept result again only for the paths it was kept for, even under the same key")
  void samePathsOnly() {
    cache.store(key, Footprint.read("a.txt"), cache.ticket(), new JsonObject().put("text", "a"));
    assertThat(cache.holds(key)).isTrue();

    assertThat(cache.hit(key, Footprint.read("a.txt")).output().getString("text")).isEqualTo("a");
    assertThat(cache.hit(key, Footprint.read("b.txt"))).as("a footprint of other paths is not the kept one's").isNull();
    assertThat(cache.holds(key)).as("dropped").isFalse();
  }

  @Test
  @DisplayName("after one catch-up for a chunk of lookups, still see a file changed since by its stamp")
  void caughtUpThenChanged() throws Exception {
    cache.store(key, Footprint.read("a.txt"), cache.ticket(), new JsonObject().put("text", "a"));
    cache.catchUp();
    Files.writeString(root.resolve("a.txt"), "A");

    assertThat(cache.hitCaughtUp(key, Footprint.read("a.txt"))).as("its stamp moved, though no event was taken in").isNull();
  }

  @Test
  @DisplayName("keep a call looked up on a thread of its own for its turn, with no task on the pool; a miss is not kept")
  void lookedUpOnTheCallersThread() throws Exception {
    dev.tunacode.core.spi.BlockingIo noPool = new dev.tunacode.core.spi.BlockingIo() {
      @Override
      public <T> io.vertx.core.Future<T> run(java.util.concurrent.Callable<T> work) {
        throw new AssertionError("a task on the pool");
      }
    };
    Lookups lookups = new Lookups(cache, noPool);
    CacheKey other = CacheKey.of(new PluginCalls(), "read", new TreeMap<>(), new JsonObject().put("p", "y"));
    lookups.found(other, Footprint.read("b.txt"));
    assertThat(lookups.takeAhead(other)).as("nothing held: nothing kept").isNull();

    cache.store(key, Footprint.read("a.txt"), cache.ticket(), new JsonObject().put("text", "a"));
    lookups.found(key, Footprint.read("a.txt"));
    lookups.ahead(key, Footprint.read("a.txt")); // the call admitted: found already, so no lookup is started
    io.vertx.core.Future<Lookups.Looked> taken = lookups.takeAhead(key);
    assertThat(taken.isComplete()).isTrue();
    assertThat(taken.result().hit().output().getString("text")).isEqualTo("a");
    assertThat(cache.quietSince(taken.result().hit().clock())).isTrue();
    assertThat(lookups.takeAhead(key)).as("taken once").isNull();
  }
}
