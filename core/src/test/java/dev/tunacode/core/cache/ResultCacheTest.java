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
  @DisplayName("keep a call looked up on a thread of its own for its admission, with no task on the pool; a miss is not kept")
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
    assertThat(lookups.forCall(other, Footprint.read("b.txt"))).as("nothing held: nothing kept, nothing to look up").isNull();

    cache.store(key, Footprint.read("a.txt"), cache.ticket(), new JsonObject().put("text", "a"));
    lookups.found(key, Footprint.read("a.txt"));
    Lookups.Pending taken = lookups.forCall(key, Footprint.read("a.txt"));
    assertThat(taken.found()).as("found on the transport's thread, so served only if the watcher is quiet").isTrue();
    assertThat(taken.looked().isComplete()).isTrue();
    assertThat(taken.looked().result().hit().output().getString("text")).isEqualTo("a");
    assertThat(cache.quietSince(taken.looked().result().hit().clock())).isTrue();
    assertThrowsAssertion(() -> lookups.forCall(key, Footprint.read("a.txt")));
  }

  @Test
  @DisplayName("tell a hit found ahead from a change waiting in the watcher's queue, which its clock does not show")
  void foundAheadThenChanged() throws Exception {
    Lookups lookups = new Lookups(cache, null);
    cache.store(key, Footprint.read("a.txt"), cache.ticket(), new JsonObject().put("text", "a"));
    lookups.found(key, Footprint.read("a.txt"));
    java.util.concurrent.locks.ReentrantLock taking = changes.watcher().lock();
    taking.lock(); // the watcher takes no event in meanwhile
    try {
      Files.writeString(root.resolve("a.txt"), "A");
      Lookups.Pending pending = lookups.forCall(key, Footprint.read("a.txt"));
      assertThat(pending.found()).isTrue();
      assertThat(cache.quietSince(pending.looked().result().hit().clock())).as("nothing recorded yet").isTrue();
      assertThat(cache.quiet()).as("but a change is queued: a hit found ahead is not served").isFalse();
    } finally {
      taking.unlock();
    }
  }

  // A second admission of the same question finds nothing kept: it looks up for itself, on the pool.
  private static void assertThrowsAssertion(Runnable admitted) {
    org.assertj.core.api.Assertions.assertThatThrownBy(admitted::run).isInstanceOf(AssertionError.class)
      .hasMessage("a task on the pool");
  }
}
