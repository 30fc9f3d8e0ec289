package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The file tree that grep and glob walk when the index is on: what it lists again after each kind of
 * change (the phases' {@code foldersListed}), and that what it answers is the disk as it is. The result
 * cache is off, so every call walks.
 */
@DisplayName("the file tree")
class FileTreeTest {

  @TempDir
  Path temp;
  private Path root;
  private Vertx vertx;
  private BuiltinHost host;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectory(temp.resolve("ws")).toRealPath();
    Files.createDirectories(root.resolve("a/b/c"));
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("top.txt"), "needle at the top\n");
    Files.writeString(root.resolve("a/one.txt"), "nothing\n");
    Files.writeString(root.resolve("a/b/c/deep.txt"), "deep needle\n");
    Files.writeString(root.resolve("d/other.md"), "other needle\n");
    vertx = Vertx.vertx();
    host = BuiltinHost.start(vertx, root, new HostOptions().setCache(new CacheOptions().setEnabled(false)),
      new JsonObject().put("index", new JsonObject().put("enabled", true)));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      host.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a walk of an unchanged tree lists no folder; an edit lists again only the folders on the way to it")
  void listsOnlyWhatChanged() throws Exception {
    JsonObject first = settled(globArgs("**/*"));
    assertThat(first.getJsonArray("files")).containsExactly("a/b/c/deep.txt", "a/one.txt", "d/other.md", "top.txt");
    assertThat(listed(glob("**/*"))).isZero();

    Files.writeString(root.resolve("a/b/c/new.txt"), "needle\n");
    JsonObject after = glob("**/*");
    assertThat(after.getJsonArray("files")).containsExactly("a/b/c/deep.txt", "a/b/c/new.txt", "a/one.txt", "d/other.md", "top.txt");
    // The root, a, a/b and a/b/c: d is kept as it was.
    assertThat(listed(after)).isEqualTo(4);
    assertThat(listed(glob("**/*"))).isZero();
  }

  @Test
  @DisplayName("a folder below the root is walked from the root's tree, without the root's ignore rules, as a walk from it is")
  void belowTheRoot() throws Exception {
    settled(globArgs("**/*"));
    JsonObject below = host.ok("glob", globArgs("**/*").put("directory", "a"));
    assertThat(below.getJsonArray("files")).containsExactly("a/b/c/deep.txt", "a/one.txt");
    assertThat(listed(below)).isZero();
    Files.writeString(root.resolve(".gitignore"), "one.txt\n");
    assertThat(glob("**/*").getJsonArray("files")).containsExactly("a/b/c/deep.txt", "d/other.md", "top.txt");
    assertThat(host.ok("glob", globArgs("**/*").put("directory", "a")).getJsonArray("files"))
      .containsExactly("a/b/c/deep.txt", "a/one.txt");
  }

  @Test
  @DisplayName("grep sees an outside edit made just before it, and its walk lists no folder the edit left alone")
  void grepSeesAnEdit() throws Exception {
    settled(grepArgs("needle", "."));
    Files.writeString(root.resolve("d/other.md"), "no longer\n");
    JsonObject output = grep("needle", ".");
    assertThat(output.getJsonArray("files")).containsExactly("a/b/c/deep.txt", "top.txt");
    // The root and d, or none when the index's own sync after the change walked the tree first.
    assertThat(listed(output)).isLessThanOrEqualTo(2);
  }

  @Test
  @DisplayName("a .gitignore written in a folder applies at once to everything under it")
  void ignoreRulesApply() throws Exception {
    settled(globArgs("**/*.txt"));
    Files.writeString(root.resolve("a/.gitignore"), "c/\n");
    assertThat(glob("**/*.txt").getJsonArray("files")).containsExactly("a/one.txt", "top.txt");
    Files.writeString(root.resolve("a/.gitignore"), "one.txt\n");
    assertThat(glob("**/*.txt").getJsonArray("files")).containsExactly("a/b/c/deep.txt", "top.txt");
    Files.delete(root.resolve("a/.gitignore"));
    assertThat(glob("**/*.txt").getJsonArray("files")).containsExactly("a/b/c/deep.txt", "a/one.txt", "top.txt");
  }

  @Test
  @DisplayName("a folder searched by name is searched as it is now when a folder above it was replaced")
  void aReplacedParent() throws Exception {
    settled(grepArgs("needle", "a/b"));
    Files.move(root.resolve("a"), root.resolve("old-a"));
    Files.createDirectories(root.resolve("a/b/e"));
    Files.writeString(root.resolve("a/b/e/fresh.txt"), "fresh needle\n");
    JsonObject output = grep("needle", "a/b");
    assertThat(output.getJsonArray("files")).containsExactly("a/b/e/fresh.txt");
  }

  @Test
  @DisplayName("after a command only the folders it changed are listed again")
  void afterACommand() throws Exception {
    settled(globArgs("**/*"));
    host.ok("bash", new JsonObject().put("command", "echo needle > d/made.txt && rm top.txt"));
    JsonObject output = glob("**/*");
    assertThat(output.getJsonArray("files")).containsExactly("a/b/c/deep.txt", "a/one.txt", "d/made.txt", "d/other.md");
    // The root and d.
    assertThat(listed(output)).isEqualTo(2);
    assertThat(listed(glob("**/*"))).isZero();
    assertThat(grep("needle", ".").getJsonArray("files")).containsExactly("a/b/c/deep.txt", "d/made.txt", "d/other.md");
  }

  @Test
  @DisplayName("a file a command writes through a memory mapping, which gives the watcher no event, is searched as it is now")
  void aMappedWrite() throws Exception {
    mappedWrite("f = open('a/one.txt', 'r+b'); m = mmap.mmap(f.fileno(), 0); m[0:7] = b'needle!'; m.flush()");
  }

  @Test
  @DisplayName("so is one written through its mapping after the file was closed, whose only event came before the write")
  void aMappedWriteAfterClose() throws Exception {
    mappedWrite("f = open('a/one.txt', 'r+b'); m = mmap.mmap(f.fileno(), 0); f.close(); import time; time.sleep(0.05); "
      + "m[0:7] = b'needle!'; m.flush()");
  }

  private void mappedWrite(String python) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 writes through a mapping here");
    Thread.sleep(30); // past the 20 ms the files' times take to settle, so that the index trusts what it read
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.ok("grep", grepArgs("needle", ".")).getJsonObject("phases").getInteger("filesNotRead", 0) == 0) {
      assertThat(System.nanoTime()).as("the index passed over a file within 10 s").isLessThan(until);
      Thread.sleep(10);
    }
    host.ok("bash", new JsonObject().put("command", "python3 -c \"import mmap; " + python + "\""));
    assertThat(Files.readString(root.resolve("a/one.txt"))).isEqualTo("needle!\n");
    assertThat(grep("needle", ".").getJsonArray("files")).containsExactly("a/b/c/deep.txt", "a/one.txt", "d/other.md", "top.txt");
  }

  @Test
  @DisplayName("a file with two names written through the other is searched as it is now under both")
  void aHardLink() throws Exception {
    Files.createLink(root.resolve("d/link.txt"), root.resolve("a/one.txt"));
    Thread.sleep(30); // past the 20 ms the files' times take to settle, so that the index trusts what it read
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.ok("grep", grepArgs("needle", ".")).getJsonObject("phases").getInteger("filesNotRead", 0) < 2) {
      assertThat(System.nanoTime()).as("the index passed over both names within 10 s").isLessThan(until);
      Thread.sleep(10);
    }
    Files.writeString(root.resolve("d/link.txt"), "needle!\n");
    assertThat(grep("needle", ".").getJsonArray("files"))
      .containsExactly("a/b/c/deep.txt", "a/one.txt", "d/link.txt", "d/other.md", "top.txt");
  }

  @Test
  @DisplayName("a glob whose pattern takes the regex engine past its budget answers what it found, cut short")
  void aGlobPastItsBudget() throws Exception {
    Files.writeString(root.resolve("a".repeat(200)), "x\n");
    settled(globArgs("**/*"));
    JsonObject output = host.ok("glob", globArgs("*a".repeat(300) + "*?c").put("timeout_ms", 1_000));
    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(output.getString("text")).endsWith(SearchDefaults.TIME_BUDGET_NOTE);
  }

  // The watcher takes its first walk on its own thread: until it is trusted every walk lists the disk.
  private JsonObject settled(JsonObject args) throws Exception {
    String tool = args.containsKey("output_mode") ? "grep" : "glob";
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonObject output = host.ok(tool, args);
    while (listed(host.ok(tool, args)) != 0) {
      assertThat(System.nanoTime()).as("the tree was kept within 10 s").isLessThan(until);
      Thread.sleep(10);
    }
    return output;
  }

  private JsonObject glob(String pattern) throws Exception {
    return host.ok("glob", globArgs(pattern));
  }

  // Not glob's default options, whose tree the index's own syncs walk after each change: these counts are the test's.
  private static JsonObject globArgs(String pattern) {
    return new JsonObject().put("pattern", pattern).put("exclude_dirs", new JsonArray().add("not-in-the-tree"));
  }

  private JsonObject grep(String pattern, String directory) throws Exception {
    return host.ok("grep", grepArgs(pattern, directory));
  }

  private static JsonObject grepArgs(String pattern, String directory) {
    return new JsonObject().put("pattern", pattern).put("directory", directory).put("output_mode", "files_with_matches");
  }

  private static int listed(JsonObject output) {
    return output.getJsonObject("phases").getInteger("foldersListed");
  }
}
