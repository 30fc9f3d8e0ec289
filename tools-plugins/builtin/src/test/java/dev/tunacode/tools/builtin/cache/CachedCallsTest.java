package dev.tunacode.tools.builtin.cache;

import dev.tunacode.core.Addresses;
import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result cache as a client sees it: a repeat is answered with {@code "cached":true} and the same
 * output, and every kind of change, made by the host, by a command or from outside, is seen by the very
 * next call. A result is kept only after its call has returned and once its files' times have settled
 * (20 ms), so a first hit is waited for by repeating the call; a miss after a change is asserted at once.
 */
@DisplayName("The result cache")
class CachedCallsTest {

  private static final long PATIENCE_MS = 10_000;

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
    Files.createDirectories(root.resolve("src/util"));
    Files.writeString(root.resolve("src/App.java"), "class App {\n  // alpha\n}\n");
    Files.writeString(root.resolve("src/util/Strings.java"), "class Strings {}\n");
    Files.writeString(root.resolve("notes.txt"), "alpha\nbeta\n");
  }

  private static JsonObject read(String path) {
    return new JsonObject().put("filepath", path);
  }

  private static JsonObject grep(String pattern) {
    return new JsonObject().put("pattern", pattern).put("directory", "src");
  }

  /** Repeats the call until it is answered from the cache; @return that result */
  private JsonObject untilCached(String tool, JsonObject args) throws Exception {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
    JsonObject first = host.call(tool, args);
    assertThat(first.getBoolean("ok")).as("%s", first).isTrue();
    while (true) {
      JsonObject result = host.call(tool, args);
      if (result.getBoolean("cached", false)) {
        assertThat(withoutPhases(result.getJsonObject("output"))).isEqualTo(withoutPhases(first.getJsonObject("output")));
        return result;
      }
      if (System.nanoTime() > until) {
        throw new AssertionError(tool + " " + args + " was never answered from the cache");
      }
      Thread.sleep(5);
    }
  }

  // A search's phases are how long it took, which differs from run to run; a hit keeps those of the run it came from.
  private static JsonObject withoutPhases(JsonObject output) {
    JsonObject copy = output.copy();
    copy.remove("phases");
    return copy;
  }

  private JsonObject fresh(String tool, JsonObject args) throws Exception {
    JsonObject result = host.call(tool, args);
    assertThat(result.getBoolean("cached", false)).as("served from the cache: %s", result).isFalse();
    return result;
  }

  @Nested
  @DisplayName("answers a repeat from the cache")
  class Hits {

    @Test
    @DisplayName("of each read-only tool, with the output the tool gave and a timing of its own")
    void eachTool() throws Exception {
      JsonObject hit = untilCached("read_file", read("src/App.java"));
      assertThat(hit.getJsonObject("output").getString("content")).isEqualTo("class App {\n  // alpha\n}\n");
      assertThat(hit.getJsonObject("timing").fieldNames()).contains("queuedMs", "runMs", "startMs", "endMs");
      assertThat(hit.getString("tool")).isEqualTo("read_file");

      untilCached("grep", grep("alpha"));
      untilCached("glob", new JsonObject().put("pattern", "**/*.java"));
      untilCached("list_dir", new JsonObject().put("directory", "src"));
    }

    @Test
    @DisplayName("for the same question however its arguments are spelled: defaults written out, keys in another order")
    void sameQuestion() throws Exception {
      untilCached("grep", new JsonObject().put("pattern", "alpha").put("directory", "src"));
      JsonObject spelled = host.call("grep", new JsonObject().put("max_results", 50).put("directory", "src")
        .put("case_sensitive", false).put("pattern", "alpha"));
      assertThat(spelled.getBoolean("cached", false)).isTrue();
    }

    @Test
    @DisplayName("never for a result cut short, a failure, or a hit larger than the call's output budget")
    void notKept() throws Exception {
      Files.writeString(root.resolve("many.txt"), "x\n".repeat(10));
      JsonObject cut = new JsonObject().put("pattern", "x").put("max_results", 3);
      JsonObject first = host.call("grep", cut);
      assertThat(first.getJsonObject("output").getBoolean("truncated")).isTrue();
      Thread.sleep(50);
      for (int i = 0; i < 5; i++) {
        fresh("grep", cut);
        fresh("read_file", read("missing.txt"));
      }

      untilCached("read_file", read("notes.txt"));
      JsonObject small = host.send(new JsonObject().put("tool", "read_file").put("args", read("notes.txt"))
        .put("session", "s")).get(10, TimeUnit.SECONDS);
      assertThat(small.getBoolean("cached")).isTrue();
    }

    @Test
    @DisplayName("for a call looked up ahead on a transport's thread, unless a write of its file ran before its turn")
    void lookedUpAhead() throws Exception {
      untilCached("read_file", read("notes.txt"));
      host.toolHost().lookAhead("read_file", read("notes.txt"));
      JsonObject hit = host.call("read_file", read("notes.txt"));
      assertThat(hit.getBoolean("cached")).isTrue();
      assertThat(hit.getJsonObject("output").getString("content")).isEqualTo("alpha\nbeta\n");

      host.toolHost().lookAhead("read_file", read("notes.txt"));
      host.ok("update_file", read("notes.txt").put("target", "alpha").put("patch", "gamma"));
      JsonObject after = host.call("read_file", read("notes.txt"));
      assertThat(after.getBoolean("cached", false)).as("found before the write: not served after it").isFalse();
      assertThat(after.getJsonObject("output").getString("content")).isEqualTo("gamma\nbeta\n");

      host.toolHost().lookAhead("read_file", new JsonObject().put("nope", 1));
      host.toolHost().lookAhead("no_such_tool", new JsonObject());
      host.toolHost().lookAhead("write_file", new JsonObject().put("filepath", "x.txt").put("content", "x"));
      assertThat(root.resolve("x.txt")).as("a look ahead never runs a tool").doesNotExist();
      assertThat(host.error("read_file", new JsonObject().put("nope", 1)).getString("code")).isEqualTo("INVALID_ARGS");
    }

    @Test
    @DisplayName("in a batch, a read after a write of its file in the same batch waits for it and sees what it wrote")
    void keepsTheOrder() throws Exception {
      untilCached("read_file", read("notes.txt"));
      JsonObject reply = workspace.vertx().eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("calls",
          new JsonArray()
            .add(new JsonObject().put("tool", "read_file").put("args", read("notes.txt")))
            .add(new JsonObject().put("tool", "update_file").put("args", read("notes.txt").put("target", "alpha")
              .put("patch", "gamma")))
            .add(new JsonObject().put("tool", "read_file").put("args", read("notes.txt")))))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
      JsonArray results = reply.getJsonArray("results");

      assertThat(results.getJsonObject(0).getBoolean("cached")).isTrue();
      assertThat(results.getJsonObject(0).getJsonObject("output").getString("content")).isEqualTo("alpha\nbeta\n");
      assertThat(results.getJsonObject(2).getBoolean("cached", false)).isFalse();
      assertThat(results.getJsonObject(2).getJsonObject("output").getString("content")).isEqualTo("gamma\nbeta\n");
      assertThat(results.getJsonObject(2).getJsonObject("timing").getDouble("startMs"))
        .isGreaterThanOrEqualTo(results.getJsonObject(1).getJsonObject("timing").getDouble("endMs"));
    }
  }

  @Nested
  @DisplayName("while a command runs")
  class Commands {

    @Test
    @DisplayName("serves nothing, to any session, and serves nothing from before it once it has ended")
    void nothingWhileACommandRuns() throws Exception {
      untilCached("read_file", read("notes.txt"));
      var command = host.send(new JsonObject().put("tool", "bash").put("session", "builder")
        .put("args", new JsonObject().put("command", "sleep 0.6")));
      // The command is running once the workspace's cache says so; a read of another session does not wait for it.
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
      while (host.send(new JsonObject().put("tool", "read_file").put("args", read("notes.txt")).put("session", "reader"))
        .get(10, TimeUnit.SECONDS).getBoolean("cached", false)) {
        assertThat(System.nanoTime()).isLessThan(until);
      }
      for (int i = 0; i < 20 && !command.isDone(); i++) {
        JsonObject during = host.send(new JsonObject().put("tool", "read_file").put("args", read("notes.txt"))
          .put("session", "reader")).get(10, TimeUnit.SECONDS);
        assertThat(during.getBoolean("cached", false) && !command.isDone()).as("served while the command ran").isFalse();
      }
      assertThat(command.get(10, TimeUnit.SECONDS).getBoolean("ok")).isTrue();
      fresh("read_file", read("notes.txt"));
      untilCached("read_file", read("notes.txt"));
    }
  }

  @Nested
  @DisplayName("sees at once, on the next call")
  class Misses {

    @BeforeEach
    void cached() throws Exception {
      untilCached("read_file", read("src/App.java"));
      untilCached("grep", grep("alpha"));
    }

    private void bothSee(String content) throws Exception {
      assertThat(fresh("read_file", read("src/App.java")).getJsonObject("output").getString("content")).isEqualTo(content);
      JsonObject grep = fresh("grep", grep("alpha")).getJsonObject("output");
      assertThat(grep.getJsonArray("matches").size()).isEqualTo(content.toLowerCase(java.util.Locale.ROOT).contains("alpha") ? 1 : 0);
    }

    @Test
    @DisplayName("a write_file of the host's")
    void hostWrite() throws Exception {
      host.ok("write_file", read("src/New.java").put("content", "// alpha\n"));
      assertThat(fresh("grep", grep("alpha")).getJsonObject("output").getJsonArray("matches")).hasSize(2);
    }

    @Test
    @DisplayName("an update_file of the host's")
    void hostUpdate() throws Exception {
      host.ok("update_file", read("src/App.java").put("target", "alpha").put("patch", "omega"));
      bothSee("class App {\n  // omega\n}\n");
    }

    @Test
    @DisplayName("a write from outside the host, made with plain file I/O")
    void outsideWrite() throws Exception {
      Files.writeString(root.resolve("src/App.java"), "class App { /* alpha */ }\n");
      bothSee("class App { /* alpha */ }\n");
    }

    @Test
    @DisplayName("a touch that keeps the size, and a write of the same size with the old time put back")
    void sameSize() throws Exception {
      Path app = root.resolve("src/App.java");
      FileTime then = Files.getLastModifiedTime(app);
      Files.setLastModifiedTime(app, FileTime.fromMillis(then.toMillis() + 2_000));
      assertThat(fresh("read_file", read("src/App.java")).getJsonObject("output").getString("content"))
        .isEqualTo("class App {\n  // alpha\n}\n");

      untilCached("read_file", read("src/App.java"));
      Files.writeString(app, "class App {\n  // ALPHA\n}\n");
      Files.setLastModifiedTime(app, then);
      bothSee("class App {\n  // ALPHA\n}\n");
    }

    @Test
    @DisplayName("a rename over the file")
    void renameOver() throws Exception {
      Files.writeString(root.resolve("next.java"), "class Next { alpha }\n");
      Files.move(root.resolve("next.java"), root.resolve("src/App.java"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
      bothSee("class Next { alpha }\n");
    }

    @Test
    @DisplayName("a delete, then the file made again")
    void deleteAndMakeAgain() throws Exception {
      Files.delete(root.resolve("src/App.java"));
      assertThat(fresh("read_file", read("src/App.java")).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
      assertThat(fresh("grep", grep("alpha")).getJsonObject("output").getJsonArray("matches")).isEmpty();
      Files.writeString(root.resolve("src/App.java"), "class App {\n  // alpha\n}\n");
      bothSee("class App {\n  // alpha\n}\n");
    }

    @Test
    @DisplayName("an edit made by bash")
    void bashEdit() throws Exception {
      host.ok("bash", new JsonObject().put("command", "sed -i s/alpha/delta/ src/App.java"));
      bothSee("class App {\n  // delta\n}\n");
    }

    @Test
    @DisplayName("a new file deep in a searched folder, for grep, glob and list_dir")
    void changeInSubtree() throws Exception {
      untilCached("glob", new JsonObject().put("pattern", "**/*.java"));
      untilCached("list_dir", new JsonObject().put("directory", "src/util"));
      Files.createDirectories(root.resolve("src/util/deep"));
      Files.writeString(root.resolve("src/util/deep/More.java"), "// alpha\n");

      assertThat(fresh("grep", grep("alpha")).getJsonObject("output").getJsonArray("matches")).hasSize(2);
      assertThat(fresh("glob", new JsonObject().put("pattern", "**/*.java")).getJsonObject("output").getJsonArray("files"))
        .hasSize(3);
      assertThat(fresh("list_dir", new JsonObject().put("directory", "src/util")).getJsonObject("output").getInteger("total"))
        .isEqualTo(2);
    }

    @Test
    @DisplayName("a write in place through another name of a file (a hard link outside the searched folder), for grep")
    void hardLink() throws Exception {
      Files.createLink(root.resolve("notes-link.txt"), root.resolve("src/util/Strings.java"));
      untilCached("grep", grep("alpha"));
      // In place, as an editor that keeps the inode writes: the one event is for notes-link.txt, outside src.
      try (var out = Files.newOutputStream(root.resolve("notes-link.txt"), StandardOpenOption.WRITE)) {
        out.write("class Strings { /* alpha */ }\n".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(fresh("grep", grep("alpha")).getJsonObject("output").getJsonArray("files"))
        .containsExactly("src/App.java", "src/util/Strings.java");
    }

    @Test
    @DisplayName("a link that now leads to another file")
    void linkRetargeted() throws Exception {
      Files.writeString(root.resolve("one.txt"), "one\n");
      Files.writeString(root.resolve("two.txt"), "two\n");
      Files.createSymbolicLink(root.resolve("link.txt"), Path.of("one.txt"));
      untilCached("read_file", read("link.txt"));

      Files.delete(root.resolve("link.txt"));
      Files.createSymbolicLink(root.resolve("link.txt"), Path.of("two.txt"));
      assertThat(fresh("read_file", read("link.txt")).getJsonObject("output").getString("content")).isEqualTo("two\n");
    }
  }
}
