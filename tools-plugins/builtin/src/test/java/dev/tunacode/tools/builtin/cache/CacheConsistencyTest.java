package dev.tunacode.tools.builtin.cache;

import dev.tunacode.core.Addresses;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tens of thousands of random operations on a small tree, each read-only result of a host with a cache
 * compared with what a host without one, on the same folder, answers at that moment. The changes come
 * from everywhere: the cached host's writes and updates (alone and in batches), {@code bash}, and plain
 * Java file I/O from this thread (writes, same-size rewrites with the old time put back, appends,
 * deletes, renames of files and folders, new and deleted folders, touches, chmod). The watcher's bound is
 * zero (a change finished before a call began is seen by that call), so no stale result is allowed at all.
 * <p>
 * The seed is printed; {@code -Dtunacode.cache.seed=N} runs one again, {@code -Dtunacode.cache.operations=N}
 * sets how many operations.
 */
@DisplayName("The result cache under random changes")
class CacheConsistencyTest {

  private static final Logger LOG = LoggerFactory.getLogger(CacheConsistencyTest.class);
  private static final long SEED = Long.getLong("tunacode.cache.seed", 20261207L);
  private static final int OPERATIONS = Integer.getInteger("tunacode.cache.operations", 20_000);
  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "omega", "TODO", "Alpha"};
  /** "lnk" is a symlink to a folder, made and retargeted from outside; "link.txt" a symlink to a file. */
  private static final String[] FOLDERS = {".", "a", "a/b", "c", "e", "e/f", "lnk"};
  private static final String[] NAMES = {"one.txt", "two.txt", "three.md", "four.java", "five.txt", "six.md", "link.txt"};
  private static final String[] LINK_TARGETS = {"c", "a/b", "a", "e/f", "missing"};

  @TempDir
  Path temp;
  private Path root;
  private Vertx cachedVertx;
  private Vertx plainVertx;
  private BuiltinHost cached;
  private BuiltinHost plain;
  private Random random;
  private static final int POOL = 40;
  private final List<JsonObject> pool = new ArrayList<>();
  private final ArrayDeque<String> history = new ArrayDeque<>();
  private int step;
  private int queries;
  private int hits;
  private int newNames;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectory(temp.resolve("ws")).toRealPath();
    random = new Random(SEED);
    for (String folder : new String[] {"a/b", "c"}) {
      Files.createDirectories(root.resolve(folder));
    }
    for (String folder : new String[] {".", "a", "a/b", "c"}) {
      for (String name : NAMES) {
        if (random.nextInt(3) > 0) {
          Files.writeString(root.resolve(folder).resolve(name), text(3 + random.nextInt(6)));
        }
      }
    }
    cachedVertx = Vertx.vertx();
    plainVertx = Vertx.vertx();
    cached = BuiltinHost.start(cachedVertx, root);
    plain = BuiltinHost.start(plainVertx, root, new HostOptions().setCache(new CacheOptions().setEnabled(false)), new JsonObject());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      cached.close();
      plain.close();
    } finally {
      cachedVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      plainVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("never gives a result that differs from a host without a cache, and answers many from it")
  void neverStale() throws Exception {
    LOG.info("CacheConsistencyTest: seed {} ({} operations); run again with -Dtunacode.cache.seed={}", SEED, OPERATIONS, SEED);
    for (step = 0; step < OPERATIONS; step++) {
      int dice = random.nextInt(100);
      if (dice < 50) {
        single(query());
      } else if (dice < 65) {
        readBatch();
      } else if (dice < 70) {
        mixedBatch();
      } else if (dice < 78) {
        hostWrite();
      } else if (dice < 98) {
        outside();
      } else {
        bash();
      }
    }
    LOG.info("CacheConsistencyTest: {} read-only results compared, {} of them from the cache", queries, hits);
    assertThat(queries).isGreaterThan(OPERATIONS / 2);
    // A cache that never answers would pass the comparison; this one must have answered a good share.
    assertThat(hits).as("results answered from the cache").isGreaterThan(queries / 10);
  }

  @Test
  @DisplayName("keeps nothing computed while a file under it changed: with a writer running beside the reads, every "
    + "read after it stops is the truth")
  void whileSomethingWrites() throws Exception {
    List<JsonObject> queries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      queries.add(query());
    }
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Random writes = new Random(SEED + 1);
    Thread writer = new Thread(() -> {
      while (writing.get()) {
        Path file = root.resolve(FOLDERS[writes.nextInt(4)]).resolve(NAMES[writes.nextInt(6)]);
        try {
          Files.writeString(file, WORDS[writes.nextInt(WORDS.length)] + " " + writes.nextInt(1000) + "\n");
        } catch (java.io.IOException gone) {
          // a folder renamed meanwhile: the next file
        }
      }
    }, "outside-writer");
    writer.start();
    try {
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
      while (System.nanoTime() < until) {
        send(cached, queries.get(random.nextInt(queries.size())));
      }
    } finally {
      writing.set(false);
      writer.join();
    }
    for (int round = 0; round < 3; round++) {
      for (JsonObject query : queries) {
        compare(query, send(cached, query), send(plain, query));
      }
    }
    LOG.info("CacheConsistencyTest: after the writer, {} results compared, {} of them from the cache", queries.size() * 3, hits);
    assertThat(hits).as("results answered from the cache once the writer had stopped").isPositive();
  }

  // ---- queries -------------------------------------------------------------------------------------------

  // An agent asks the same few questions again and again: most queries come from a pool of 40, the rest are new.
  private JsonObject query() {
    if (pool.size() < POOL) {
      pool.add(newQuery());
    }
    return random.nextInt(5) == 0 ? newQuery() : pool.get(random.nextInt(pool.size())).copy();
  }

  private JsonObject newQuery() {
    int kind = random.nextInt(10);
    String folder = pick(FOLDERS);
    if (kind < 4) {
      JsonObject args = new JsonObject().put("filepath", folder + "/" + pick(NAMES));
      if (random.nextInt(4) == 0) {
        args.put("offset", 1 + random.nextInt(3)).put("limit", 1 + random.nextInt(4));
      }
      return call("read_file", args);
    }
    if (kind < 7) {
      JsonObject args = new JsonObject().put("pattern", random.nextInt(5) == 0 ? "al.ha|TO+DO" : pick(WORDS))
        .put("directory", folder).put("context_lines", random.nextInt(2));
      if (args.getString("pattern").contains("|")) {
        args.put("use_regex", true);
      }
      if (random.nextBoolean()) {
        args.put("case_sensitive", true);
      }
      if (random.nextInt(4) == 0) {
        args.put("include_files", "*.txt");
      }
      if (random.nextInt(4) == 0) {
        args.put("output_mode", random.nextBoolean() ? "count" : "files_with_matches");
      }
      return call("grep", args);
    }
    if (kind < 9) {
      return call("glob", new JsonObject().put("pattern", pick(new String[] {"**/*.txt", "*.md", "**/*", "**/t*"}))
        .put("directory", folder));
    }
    return call("list_dir", new JsonObject().put("directory", folder).put("show_hidden", random.nextBoolean()));
  }

  private void single(JsonObject query) throws Exception {
    note("call " + query.encode());
    compare(query, send(cached, query), send(plain, query));
  }

  private void readBatch() throws Exception {
    JsonArray calls = new JsonArray();
    for (int i = 1 + random.nextInt(5); i > 0; i--) {
      calls.add(query());
    }
    note("read batch " + calls.encode());
    JsonArray got = batch(cachedVertx, calls);
    JsonArray expected = batch(plainVertx, calls);
    for (int i = 0; i < calls.size(); i++) {
      compare(calls.getJsonObject(i), got.getJsonObject(i), expected.getJsonObject(i));
    }
  }

  // Reads before the batch's one write see the tree before it, reads after see it after: the order a
  // session's calls keep. Each is compared with the host without a cache at that moment.
  private void mixedBatch() throws Exception {
    List<JsonObject> before = new ArrayList<>();
    List<JsonObject> after = new ArrayList<>();
    for (int i = random.nextInt(3); i >= 0; i--) {
      before.add(query());
    }
    JsonObject write = hostWriteCall();
    for (int i = random.nextInt(3); i >= 0; i--) {
      after.add(query());
    }
    JsonArray calls = new JsonArray();
    before.forEach(calls::add);
    calls.add(write);
    after.forEach(calls::add);
    note("mixed batch " + calls.encode());
    List<JsonObject> expectedBefore = new ArrayList<>();
    for (JsonObject read : before) {
      expectedBefore.add(send(plain, read));
    }
    JsonArray got = batch(cachedVertx, calls);
    for (int i = 0; i < before.size(); i++) {
      compare(before.get(i), got.getJsonObject(i), expectedBefore.get(i));
    }
    for (int i = 0; i < after.size(); i++) {
      compare(after.get(i), got.getJsonObject(before.size() + 1 + i), send(plain, after.get(i)));
    }
  }

  private void compare(JsonObject query, JsonObject got, JsonObject expected) {
    queries++;
    if (got.getBoolean("cached", false)) {
      hits++;
    }
    JsonObject seen = comparable(got);
    JsonObject truth = comparable(expected);
    if (!seen.equals(truth)) {
      throw new AssertionError("Stale or wrong result at operation " + step + " (seed " + SEED + ", run again with "
        + "-Dtunacode.cache.seed=" + SEED + ")\nquery: " + query.encode() + "\ncached host: " + got.encode()
        + "\nhost without a cache: " + expected.encode() + "\nlast operations:\n  " + String.join("\n  ", history));
    }
  }

  private static JsonObject comparable(JsonObject result) {
    JsonObject kept = new JsonObject().put("ok", result.getValue("ok"));
    if (result.getJsonObject("output") != null) {
      JsonObject output = result.getJsonObject("output").copy();
      output.remove("phases");
      kept.put("output", output);
    }
    if (result.getJsonObject("error") != null) {
      kept.put("error", result.getJsonObject("error"));
    }
    return kept;
  }

  // ---- changes -------------------------------------------------------------------------------------------

  private void hostWrite() throws Exception {
    JsonObject write = hostWriteCall();
    note("host " + write.encode());
    send(cached, write);
  }

  private JsonObject hostWriteCall() throws Exception {
    if (random.nextInt(3) == 0) {
      String path = pick(FOLDERS) + "/new" + (newNames++ % 40) + ".txt";
      return call("write_file", new JsonObject().put("filepath", path).put("content", text(2 + random.nextInt(4))));
    }
    String path = pick(FOLDERS) + "/" + pick(NAMES);
    Path file = root.resolve(path);
    List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    String target = lines.isEmpty() ? "alpha" : lines.get(random.nextInt(lines.size()));
    if (target.isEmpty()) {
      target = "alpha";
    }
    return call("update_file", new JsonObject().put("filepath", path).put("target", target)
      .put("patch", random.nextInt(4) == 0 ? target.toUpperCase(java.util.Locale.ROOT) : line()).put("replace_all", true));
  }

  private void outside() throws Exception {
    Path folder = root.resolve(pick(FOLDERS));
    Path file = folder.resolve(pick(NAMES));
    int kind = random.nextInt(14);
    note("outside " + kind + " " + root.relativize(file) + (kind == 13 ? " (lnk)" : ""));
    try {
      switch (kind) {
        case 0, 1 -> {
          Files.createDirectories(folder);
          Files.writeString(file, text(1 + random.nextInt(6)));
        }
        case 2 -> {
          // Same size, same modification time: only the change time and the watcher can tell.
          if (Files.isRegularFile(file)) {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > 0) {
              var time = Files.getLastModifiedTime(file);
              int at = random.nextInt(bytes.length);
              bytes[at] = (byte) (bytes[at] == 'a' ? 'o' : 'a');
              Files.write(file, bytes);
              Files.setLastModifiedTime(file, time);
            }
          }
        }
        case 3 -> {
          if (Files.isRegularFile(file)) {
            Files.writeString(file, line() + "\n", java.nio.file.StandardOpenOption.APPEND);
          }
        }
        case 4 -> Files.deleteIfExists(file);
        case 5 -> {
          if (Files.isRegularFile(file)) {
            Files.move(file, root.resolve(pick(FOLDERS)).resolve(pick(NAMES)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
        case 6 -> {
          if (Files.isDirectory(root.resolve("a")) && !Files.exists(root.resolve("e"))) {
            Files.move(root.resolve("a"), root.resolve("e"));
          } else if (Files.isDirectory(root.resolve("e")) && !Files.exists(root.resolve("a"))) {
            Files.move(root.resolve("e"), root.resolve("a"));
          }
        }
        case 7 -> {
          Files.createDirectories(root.resolve("e/f"));
          Files.writeString(root.resolve("e/f").resolve(pick(NAMES)), text(2));
        }
        case 8 -> {
          if (random.nextInt(4) == 0 && Files.isDirectory(root.resolve("e"))) {
            deleteTree(root.resolve("e"));
          }
        }
        case 9 -> {
          if (Files.isRegularFile(file)) {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - random.nextInt(100_000)));
          }
        }
        case 10 -> {
          if (Files.isRegularFile(file)) {
            file.toFile().setExecutable(!file.toFile().canExecute());
          }
        }
        case 12 -> {
          // A link to a file, made or made to lead elsewhere (or nowhere).
          Files.createDirectories(folder);
          Path link = folder.resolve("link.txt");
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, Path.of(pick(NAMES)));
        }
        case 13 -> {
          Path link = root.resolve("lnk");
          if (!Files.isSymbolicLink(link) && Files.exists(link)) {
            deleteTree(link);
          }
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, Path.of(pick(LINK_TARGETS)));
        }
        default -> {
          if (Files.isRegularFile(file)) {
            Files.writeString(file, Files.readString(file).replace(pick(WORDS), pick(WORDS)));
          }
        }
      }
    } catch (java.io.IOException | java.io.UncheckedIOException raced) {
      // A move onto a folder that is not there, a read of a file that is not text: the tree is what it is.
    }
  }

  private void bash() throws Exception {
    String file = pick(FOLDERS) + "/" + pick(NAMES);
    String command = switch (random.nextInt(4)) {
      case 0 -> "sed -i 's/" + pick(WORDS) + "/" + pick(WORDS) + "/g' " + file + " 2>/dev/null; true";
      case 1 -> "echo '" + line() + "' >> " + file + " 2>/dev/null; true";
      case 2 -> "mv " + file + " " + pick(FOLDERS) + "/" + pick(NAMES) + " 2>/dev/null; true";
      default -> "mkdir -p e/f && echo " + pick(WORDS) + " > e/f/" + pick(NAMES);
    };
    note("bash " + command);
    send(cached, call("bash", new JsonObject().put("command", command)));
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private static JsonObject call(String tool, JsonObject args) {
    return new JsonObject().put("tool", tool).put("args", args);
  }

  private static JsonObject send(BuiltinHost host, JsonObject call) throws Exception {
    return host.send(call.copy()).get(30, TimeUnit.SECONDS);
  }

  private static JsonArray batch(Vertx vertx, JsonArray calls) throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.BATCH, new JsonObject().put("calls", calls.copy()))
      .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body().getJsonArray("results");
  }

  private void note(String operation) {
    history.addLast(step + ": " + operation);
    if (history.size() > 12) {
      history.removeFirst();
    }
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }

  private String line() {
    return pick(WORDS) + " " + random.nextInt(1000) + " " + pick(WORDS);
  }

  private String text(int lines) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(line()).append('\n');
    }
    return text.toString();
  }

  private static void deleteTree(Path top) throws java.io.IOException {
    try (var files = Files.walk(top)) {
      for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
