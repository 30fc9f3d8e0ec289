package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinPlugin;
import io.vertx.core.json.JsonObject;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * grep and glob through the content index and the file tree (issue 15) on the JDK's sources, against ripgrep
 * and fd and against the same grep on a host without the index, interleaved, in one run: literals, regexes
 * and words without case, a different one each call; globs; a grep right after an edit from outside. Both
 * hosts run without the result cache, so that every call searches. Usage: {@code IndexedGrepBench CORPUS}.
 */
public final class IndexedGrepBench {

  /** Literals with few hits in the JDK's sources, a different one for each grep, as an agent greps between edits. */
  public static final List<String> LITERALS = List.of("removeFirstOccurrence", "descendingIterator", "pollLast",
    "elementAt", "Spliterator.ORDERED", "implements Deque", "ConcurrentModificationException", "checkedCollection",
    "newSetFromMap", "MAXIMUM_CAPACITY", "TreeBin", "HashMap.Node", "transferTo", "getResourceAsStream",
    "UnsupportedTemporalTypeException", "SecurityManager sm", "doPrivileged", "ByteOrder.nativeOrder",
    "jdk.internal.misc.Unsafe", "interface Deque");
  /** Regular expressions, each with a literal it requires, as an agent looks for a call or a declaration. */
  static final List<String> REGEXES = List.of("removeFirst\\w*\\(", "descending\\w+\\(", "class \\w+Deque\\b",
    "new\\s+ArrayDeque<", "Spliterator\\.[A-Z]+", "checked\\w+\\(", "MAXIMUM_\\w+", "getResource\\w*\\(", "ByteOrder\\.\\w+",
    "doPrivileged\\(\\s*new");
  /** Words searched without case, some rare and some common ("synchronized" is in a file of five). */
  static final List<String> WORDS = List.of("deque", "spliterator", "treebin", "doprivileged", "transferto", "newsetfrommap",
    "maximum_capacity", "nativeorder", "Synchronized", "hashcode");
  /** The file the edits are made to, put back as it was afterwards. */
  private static final String EDITED = "java.base/java/util/ArrayDeque.java";
  private static final int ROUNDS = 7;
  private static final int GLOB_WARM_UP = 150;
  private static final long PATIENCE_NANOS = 120_000_000_000L;

  private IndexedGrepBench() {
  }

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    HostOptions noCache = new HostOptions().setCache(new CacheOptions().setEnabled(false));
    // -Dtunacode.bench.indexMaxBytes raises the index's bound for a tree larger than the default's 256 MiB covers.
    JsonObject index = new JsonObject().put("enabled", true).put("maxBytes", Long.getLong("tunacode.bench.indexMaxBytes", 256L << 20));
    try (BenchHost indexed = new BenchHost(corpus, noCache, new JsonObject().put("index", index),
           new BuiltinPlugin());
         BenchHost plain = new BenchHost(corpus, new HostOptions().setCache(new CacheOptions().setEnabled(false)), new BuiltinPlugin())) {
      long start = System.nanoTime();
      while (!grep(indexed, "warmUp").getJsonObject("phases").containsKey("filesNotRead")) {
        if (System.nanoTime() - start > PATIENCE_NANOS) {
          throw new IllegalStateException("the index was not built within 120 s");
        }
        Thread.sleep(100);
      }
      System.out.printf(Locale.ROOT, "the index was ready %.1f s after the first grep asked for it%n", (System.nanoTime() - start) / 1e9);
      for (int i = 0; i < 3; i++) {
        for (String literal : LITERALS) {
          grep(indexed, literal);
          grep(plain, literal);
        }
      }
      List<Query> literals = LITERALS.stream().map(literal -> new Query(literal, false, true)).toList();
      compare("grep of a literal with few hits, a different one each call", literals, indexed, plain, corpus, 0.1);
      compare("a regex with a required literal", REGEXES.stream().map(regex -> new Query(regex, true, true)).toList(), indexed, plain,
        corpus, 0.2);
      compare("a case-insensitive word", WORDS.stream().map(word -> new Query(word, false, false)).toList(), indexed, plain, corpus,
        0.2);
      globs(indexed, corpus);
      edits(indexed, corpus);
    }
  }

  /** A grep's pattern and how it is matched. */
  private record Query(String pattern, boolean regex, boolean caseSensitive) {
  }

  // Each query once through the index, once by ripgrep and once on the host without the index, interleaved.
  private static void compare(String title, List<Query> queries, BenchHost indexed, BenchHost plain, Path corpus, double target)
    throws Exception {
    double[] rg = new double[queries.size()];
    double[] ours = new double[queries.size()];
    double[] scan = new double[queries.size()];
    double[] walks = new double[queries.size()];
    long notRead = 0;
    for (int i = 0; i < queries.size(); i++) {
      Query query = queries.get(i);
      rg[i] = ripgrep(corpus, query);
      long t = System.nanoTime();
      JsonObject output = grep(indexed, query);
      ours[i] = (System.nanoTime() - t) / 1e6;
      notRead += output.getJsonObject("phases").getLong("filesNotRead", 0L);
      walks[i] = output.getJsonObject("phases").getDouble("walkMs");
      t = System.nanoTime();
      JsonObject full = grep(plain, query);
      scan[i] = (System.nanoTime() - t) / 1e6;
      if (!output.getJsonArray("matches").equals(full.getJsonArray("matches"))) {
        throw new IllegalStateException("the index changed the results of " + query);
      }
    }
    double ratio = Stats.median(ours) / Stats.median(rg);
    System.out.printf(Locale.ROOT, "%s (%d of them, once each; medians):%n", title, queries.size());
    System.out.printf(Locale.ROOT, "  ripgrep %.1f ms · ours without the index %.1f ms · ours through the index %.1f ms (on average %d of "
        + "the files not read; the walk %.1f ms) · %.3f× ripgrep · target ≤ %.1f× %s%n", Stats.median(rg), Stats.median(scan),
      Stats.median(ours), notRead / queries.size(), Stats.median(walks), ratio, target, ratio <= target ? "met" : "MISSED");
  }

  private static void globs(BenchHost indexed, Path corpus) throws Exception {
    for (String pattern : List.of("**/*.java", "**/*Deque*.java")) {
      String name = pattern.substring(3);
      double[] fd = new double[ROUNDS];
      double[] ours = new double[ROUNDS];
      double[] walks = new double[ROUNDS];
      double[] formats = new double[ROUNDS];
      int found = 0;
      int listed = 0;
      // Warm-up: the greps above warmed the JIT for greps, not for globs; a glob's loops over 15,000 paths take
      // about a hundred calls to be compiled (3-10 ms a call once they are, 30-50 ms before).
      for (int i = 0; i < GLOB_WARM_UP; i++) {
        glob(indexed, pattern);
      }
      for (int i = 0; i < ROUNDS; i++) {
        fd[i] = time(List.of("fdfind", "-g", name, corpus.toString()));
        long t = System.nanoTime();
        JsonObject output = glob(indexed, pattern);
        ours[i] = (System.nanoTime() - t) / 1e6;
        found = output.getJsonArray("files").size();
        walks[i] = output.getJsonObject("phases").getDouble("walkMs");
        formats[i] = output.getJsonObject("phases").getDouble("formatMs");
        listed += output.getJsonObject("phases").getInteger("foldersListed");
      }
      double ratio = Stats.median(ours) / Stats.median(fd);
      System.out.printf(Locale.ROOT, "glob %s (%d files; %d rounds, medians): fd %.1f ms · ours through the file tree %.1f ms (the walk "
          + "%.1f ms listing %d folders in all, the output %.1f ms) · %.3f× fd · target ≤ 0.1× %s%n", pattern, found, ROUNDS,
        Stats.median(fd), Stats.median(ours), Stats.median(walks), listed, Stats.median(formats), ratio, ratio <= 0.1 ? "met" : "MISSED");
    }
  }

  // Every file found, as fd prints every file.
  private static JsonObject glob(BenchHost host, String pattern) throws Exception {
    JsonObject reply = host.request(Addresses.CALL, new JsonObject().put("tool", "glob").put("args", new JsonObject()
      .put("pattern", pattern).put("max_results", 1_000_000)));
    if (!reply.getBoolean("ok")) {
      throw new IllegalStateException("glob failed: " + reply.getJsonObject("error"));
    }
    return reply.getJsonObject("output");
  }

  // One file edited from outside, then a grep for what the edit wrote: ours must find it; the file is put back after.
  private static void edits(BenchHost indexed, Path corpus) throws Exception {
    // In a tree of copies side by side (copy-0/, copy-1/, …), the first copy's.
    Path file = Files.exists(corpus.resolve(EDITED)) ? corpus.resolve(EDITED) : corpus.resolve("copy-0").resolve(EDITED);
    byte[] original = Files.readAllBytes(file);
    double[] rg = new double[ROUNDS];
    double[] ours = new double[ROUNDS];
    double[] walks = new double[ROUNDS];
    try {
      for (int i = 0; i < ROUNDS; i++) {
        String token = "tunacodeEdit" + i + "x" + System.nanoTime();
        Files.write(file, (new String(original, StandardCharsets.UTF_8) + "// " + token + "\n").getBytes(StandardCharsets.UTF_8));
        long t = System.nanoTime();
        JsonObject output = grep(indexed, new Query(token, false, true));
        ours[i] = (System.nanoTime() - t) / 1e6;
        walks[i] = output.getJsonObject("phases").getDouble("walkMs");
        if (output.getJsonArray("files").size() != 1) {
          throw new IllegalStateException("the grep after an edit did not see it: " + output.getString("text"));
        }
        rg[i] = ripgrep(corpus, new Query(token, false, true));
      }
    } finally {
      Files.write(file, original);
    }
    double ratio = Stats.median(ours) / Stats.median(rg);
    System.out.printf(Locale.ROOT, "after an edit of one file from outside, the next grep (it sees the edit; %d rounds, medians): ripgrep "
        + "%.1f ms · ours %.1f ms (the walk %.1f ms) · %.3f× ripgrep · target ≤ 0.2× %s%n", ROUNDS, Stats.median(rg), Stats.median(ours),
      Stats.median(walks), ratio, ratio <= 0.2 ? "met" : "MISSED");
  }

  private static JsonObject grep(BenchHost host, String literal) throws Exception {
    return grep(host, new Query(literal, false, true));
  }

  private static JsonObject grep(BenchHost host, Query query) throws Exception {
    JsonObject reply = host.request(Addresses.CALL, new JsonObject().put("tool", "grep").put("args", new JsonObject()
      .put("pattern", query.pattern()).put("use_regex", query.regex()).put("case_sensitive", query.caseSensitive())
      .put("max_results", 100_000).put("context_lines", 0)));
    if (!reply.getBoolean("ok")) {
      throw new IllegalStateException("grep failed: " + reply.getJsonObject("error"));
    }
    return reply.getJsonObject("output");
  }

  private static double ripgrep(Path corpus, Query query) throws Exception {
    List<String> command = new ArrayList<>(List.of("rg", "--no-require-git", "-n"));
    if (!query.regex()) {
      command.add("-F");
    }
    if (!query.caseSensitive()) {
      command.add("-i");
    }
    command.addAll(List.of("-e", query.pattern(), corpus.toString()));
    return time(command);
  }

  private static double time(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(OutputStream.nullOutputStream());
    process.waitFor();
    return (System.nanoTime() - start) / 1e6;
  }
}
