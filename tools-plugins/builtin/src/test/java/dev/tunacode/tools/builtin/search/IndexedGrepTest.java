package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grep through the content index and the file tree, and a glob through the file tree, against the same
 * call on a host without either, on one folder, after
 * every kind of change: host writes, {@code bash} edits, outside writes (same-size rewrites within a clock
 * tick among them), new, deleted and renamed files and folders, {@code .gitignore} edits. Both hosts run
 * without the result cache, so every call runs; the indexed host's file tree is kept by its watcher. Seed printed; {@code -Dtunacode.index.seed} repeats a run.
 */
@DisplayName("grep through the content index, and grep and glob through the file tree")
class IndexedGrepTest {

  private static final Logger LOG = LoggerFactory.getLogger(IndexedGrepTest.class);
  private static final long SEED = Long.getLong("tunacode.index.seed", System.nanoTime());
  private static final int OPERATIONS = Integer.getInteger("tunacode.index.operations", 5_000);
  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "TODO", "Alpha", "kelvin", "\u212Aelvin", "st\u00E9"};
  private static final String[] FOLDERS = {".", "a", "a/b", "c", ".hidden"};
  private static final String[] NAMES = {"one.txt", "two.txt", "three.md", "four.java", "five.txt"};
  private static final String[] PATTERNS = {"alpha", "Alpha", "beta gamma", "TODO", "kelvin", "elvin", "st\u00E9", "delta$",
    "al.ha", "(beta|gamma)", "gam+a", "\\bbeta\\b", "a", "xyz never", "TODO delta"};

  @TempDir
  Path temp;
  private Path root;
  private Random random;
  private Vertx vertx;
  private BuiltinHost indexed;
  private BuiltinHost plain;
  private final ArrayDeque<String> history = new ArrayDeque<>();
  private int step;
  private long notRead;
  /** Calls whose walk listed no folder: answered from the file tree. */
  private long fromMemory;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectory(temp.resolve("ws")).toRealPath();
    random = new Random(SEED);
    for (String folder : FOLDERS) {
      Files.createDirectories(root.resolve(folder));
      for (String name : NAMES) {
        Files.writeString(root.resolve(folder).resolve(name), text());
      }
    }
    Files.write(root.resolve("c/binary.dat"), new byte[] {'a', 'l', 'p', 'h', 'a', 0, 'x'});
    vertx = Vertx.vertx();
    HostOptions noCache = new HostOptions().setCache(new CacheOptions().setEnabled(false));
    indexed = BuiltinHost.start(vertx, root, noCache, new JsonObject().put("index", new JsonObject().put("enabled", true)));
    plain = BuiltinHost.start(vertx, root, new HostOptions().setCache(new CacheOptions().setEnabled(false)), new JsonObject());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      indexed.close();
      plain.close();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("gives exactly a full scan's results after every change, and passes over files while doing so")
  void sameAsAFullScan() throws Exception {
    LOG.info("IndexedGrepTest: seed {} ({} operations); run again with -Dtunacode.index.seed={}", SEED, OPERATIONS, SEED);
    Thread.sleep(30); // past the 20 ms the files' times take to settle, so that the build trusts them
    awaitBuilt();
    int greps = 0;
    int globs = 0;
    for (step = 0; step < OPERATIONS; step++) {
      int dice = random.nextInt(100);
      if (dice < 35) {
        compare("grep", grep());
        greps++;
      } else if (dice < 45) {
        compare("glob", glob());
        globs++;
      } else if (dice < 65) {
        outsideWrite();
      } else if (dice < 72) {
        hostWrite();
      } else if (dice < 75) {
        bash();
      } else if (dice < 87) {
        moveOrDelete();
      } else if (dice < 90) {
        ignoreRules();
      } else {
        Thread.sleep(random.nextInt(30)); // lets some files settle, so that they are trusted when read again
      }
    }
    LOG.info("IndexedGrepTest: {} greps and {} globs compared; {} files passed over by the index; {} walks from memory", greps, globs,
      notRead, fromMemory);
    assertThat(greps).isGreaterThan(OPERATIONS / 4);
    assertThat(globs).isGreaterThan(OPERATIONS / 20);
    assertThat(notRead).as("files the index let greps pass over").isGreaterThan(greps);
    // Only the indexed host may count (the other lists at least its root). Most of its calls come after a change
    // since its tree's last walk, which lists at least one folder again: about 0.28 of them are from memory.
    assertThat(fromMemory).as("calls whose walk listed no folder").isGreaterThan((greps + globs) / 8);
  }

  private void awaitBuilt() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!indexed.ok("grep", new JsonObject().put("pattern", "alpha")).getJsonObject("phases").containsKey("filesNotRead")) {
      assertThat(System.nanoTime()).as("the index was built within 30 s").isLessThan(until);
      Thread.sleep(10);
    }
  }

  private JsonObject grep() {
    JsonObject args = new JsonObject().put("pattern", pick(PATTERNS));
    args.put("use_regex", random.nextInt(3) == 0);
    args.put("case_sensitive", random.nextBoolean());
    if (random.nextInt(3) == 0) {
      args.put("directory", pick(FOLDERS));
    }
    if (random.nextInt(4) == 0) {
      args.put("include_files", pick(new String[] {"*.txt", "*.md", "*.{java,md}"}));
    }
    args.put("output_mode", pick(new String[] {"content", "content", "files_with_matches", "count"}));
    if (random.nextInt(3) == 0) {
      args.put("max_results", 1 + random.nextInt(6)); // caps: the files and counts must end where a scan's do
    }
    if (random.nextBoolean()) {
      args.put("context_lines", random.nextInt(3));
    }
    return args;
  }

  private JsonObject glob() {
    JsonObject args = new JsonObject().put("pattern", pick(new String[] {"**/*.txt", "*.md", "**/*", "**/t*.txt", "b/*", "**/.gitignore"}));
    if (random.nextInt(3) == 0) {
      args.put("directory", pick(FOLDERS));
    }
    if (random.nextInt(3) == 0) {
      args.put("include_hidden", true);
    }
    if (random.nextInt(4) == 0) {
      args.put("respect_gitignore", false);
    }
    if (random.nextInt(5) == 0) {
      args.put("recursive", false);
    }
    if (random.nextInt(4) == 0) {
      args.put("max_results", 1 + random.nextInt(8));
    }
    return args;
  }

  private void compare(String tool, JsonObject args) throws Exception {
    JsonObject through = comparable(indexed.call(tool, args.copy()));
    JsonObject scanned = comparable(plain.call(tool, args.copy()));
    if (!through.equals(scanned)) {
      throw new AssertionError("Different result at operation " + step + " (seed " + SEED + ", run again with -Dtunacode.index.seed="
        + SEED + ")\n" + tool + " " + args.encode() + "\nthrough the index: " + through.encode() + "\nfull scan: " + scanned.encode()
        + "\nlast operations:\n  " + String.join("\n  ", history));
    }
  }

  private JsonObject comparable(JsonObject result) {
    JsonObject kept = new JsonObject().put("ok", result.getValue("ok"));
    JsonObject output = result.getJsonObject("output");
    if (output != null) {
      output = output.copy();
      JsonObject phases = (JsonObject) output.remove("phases");
      if (phases != null) {
        notRead += phases.getLong("filesNotRead", 0L);
        fromMemory += phases.getLong("foldersListed", -1L) == 0 ? 1 : 0;
      }
      kept.put("output", output);
    }
    if (result.getJsonObject("error") != null) {
      kept.put("error", result.getJsonObject("error").getString("code"));
    }
    return kept;
  }

  private void outsideWrite() throws Exception {
    Path file = root.resolve(pick(FOLDERS)).resolve(pick(NAMES));
    String text = text();
    // A rewrite of the same size right after a read: within one tick of the file system's clock.
    if (random.nextInt(4) == 0 && Files.exists(file)) {
      String old = Files.readString(file);
      text = old.replace("alpha", "gamma").replace("beta", "TODO");
    }
    note("outside write " + root.relativize(file) + ": " + text.replace("\n", "\\n"));
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void hostWrite() throws Exception {
    String path = pick(FOLDERS) + "/" + pick(NAMES);
    note("host write " + path);
    indexed.call("write_file", new JsonObject().put("filepath", path).put("content", text()));
  }

  private void bash() throws Exception {
    String path = pick(FOLDERS) + "/" + pick(NAMES);
    String command = random.nextBoolean() ? "sed -i 's/beta/alpha/' " + path + " 2>/dev/null; true"
      : "echo 'TODO delta kelvin' >> " + path;
    note("bash " + command);
    indexed.call("bash", new JsonObject().put("command", command));
  }

  private void moveOrDelete() throws Exception {
    Path from = root.resolve(pick(FOLDERS)).resolve(pick(NAMES));
    Path to = root.resolve(pick(FOLDERS)).resolve(pick(NAMES));
    try {
      switch (random.nextInt(4)) {
        case 0 -> {
          note("rename " + root.relativize(from) + " over " + root.relativize(to));
          Files.createDirectories(to.getParent());
          Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        case 1 -> {
          note("delete " + root.relativize(from));
          Files.deleteIfExists(from);
        }
        case 2 -> {
          String folder = pick(new String[] {"a/b", "c", ".hidden"});
          Path moved = root.resolve("moved-" + random.nextInt(3));
          note("move folder " + folder + " to " + root.relativize(moved) + " and back");
          if (Files.isDirectory(root.resolve(folder)) && !Files.exists(moved)) {
            Files.move(root.resolve(folder), moved);
            compare("grep", grep());
            Files.move(moved, root.resolve(folder));
          }
        }
        default -> {
          note("copy " + root.relativize(from) + " to " + root.relativize(to));
          Files.createDirectories(to.getParent());
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (NoSuchFileException gone) {
      // the source was already gone
    }
  }

  private void ignoreRules() throws Exception {
    String rules = pick(new String[] {"*.md\n", "c/\n", "two.txt\n", "", "*.txt\n!one.txt\n"});
    String folder = pick(new String[] {".", "a"});
    note(".gitignore in " + folder + ": " + rules.replace("\n", "\\n"));
    Files.writeString(root.resolve(folder).resolve(".gitignore"), rules);
  }

  private String text() {
    StringBuilder text = new StringBuilder();
    int lines = 1 + random.nextInt(6);
    for (int i = 0; i < lines; i++) {
      int words = 1 + random.nextInt(5);
      for (int w = 0; w < words; w++) {
        text.append(w == 0 ? "" : " ").append(pick(WORDS));
      }
      text.append('\n');
    }
    return text.toString();
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
}
