package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinPlugin;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The result cache on the JDK's sources, each figure beside its baseline in the same run:
 * <ul>
 *   <li>a batch of 200 {@code read_file} calls over a warm tree, run a second time, against the first run
 *   (files no round read before, so the first run is never answered from the cache), and against a host
 *   without a cache running the same batch twice: once on a JVM just started, once after its compilers
 *   have seen a few hundred batches, as in a host that has served for a while;</li>
 *   <li>the same grep of the whole tree, repeated, against ripgrep's time for it (ripgrep reads every file
 *   every time), with our first, uncached, run beside them.</li>
 * </ul>
 * Usage: {@code CacheBench CORPUS [ROUNDS]}.
 */
public final class CacheBench {

  private static final int READS = 200;
  /** Each read answers its text twice (text and content): 200 of them need more than the default 8 MiB reply. */
  private static final long REPLY_BYTES = 64L * 1024 * 1024;
  private static final long PATIENCE_MS = 30_000;
  /** Batches each kind of host runs before the warmed figures: enough that C2 has compiled the paths of a call. */
  private static final int WARM_BATCHES = Integer.getInteger("tunacode.bench.warmBatches", 600);
  private static final List<String> RG = List.of("rg", "--no-require-git", "-n", "-i", "removeFirstOccurrence");
  private static final JsonObject GREP = new JsonObject().put("tool", "grep").put("args", new JsonObject()
    .put("pattern", "removeFirstOccurrence").put("max_results", 1_000_000).put("context_lines", 0));

  private CacheBench() {
  }

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    readsTwice(corpus, rounds, 0, "on a JVM just started");
    warmUp(corpus, (rounds + 2) * READS);
    readsTwice(corpus, rounds, (rounds + 3) * READS,
      "after " + WARM_BATCHES + " batches of each kind had warmed the JVM (as in a host that has served for a while)");
    repeatedGrep(corpus, rounds * 3);
  }

  // 200 Java files in path order, from the skip-th on, of the sizes read_file reads whole (up to 100 KB).
  private static JsonObject readBatch(Path corpus, int skip) throws Exception {
    JsonArray calls = new JsonArray();
    try (Stream<Path> files = Files.walk(corpus)) {
      files.filter(path -> path.toString().endsWith(".java") && Files.isRegularFile(path)).sorted()
        .filter(path -> sizeOf(path) <= 100_000).skip(skip).limit(READS)
        .forEach(path -> calls.add(new JsonObject().put("tool", "read_file")
          .put("args", new JsonObject().put("filepath", corpus.relativize(path).toString()))));
    }
    return new JsonObject().put("calls", calls);
  }

  private static long sizeOf(Path path) {
    try {
      return Files.size(path);
    } catch (Exception e) {
      return Long.MAX_VALUE;
    }
  }

  // One host with the cache and one without, each running for the whole benchmark as a host does. Each round
  // reads 200 files that no round read before, then the same 200 again; two rounds warm up first.
  private static void readsTwice(Path corpus, int rounds, int skip, String when) throws Exception {
    double[] first = new double[rounds];
    double[] second = new double[rounds];
    double[] plainFirst = new double[rounds];
    double[] plainSecond = new double[rounds];
    int hits = 0;
    try (BenchHost plain = new BenchHost(corpus, new HostOptions().setMaxReplyBytes(REPLY_BYTES)
           .setCache(new CacheOptions().setEnabled(false)), new BuiltinPlugin());
         BenchHost cached = new BenchHost(corpus, new HostOptions().setMaxReplyBytes(REPLY_BYTES), new BuiltinPlugin())) {
      awaitWatching(cached);
      for (int r = -2; r < rounds; r++) {
        JsonObject batch = readBatch(corpus, skip + (r + 2) * READS);
        double a = timed(plain, batch);
        double b = timed(plain, batch);
        double c = timed(cached, batch);
        awaitKept(cached, READS);
        long start = System.nanoTime();
        JsonObject reply = cached.request(Addresses.BATCH, batch);
        double d = (System.nanoTime() - start) / 1e6;
        if (r >= 0) {
          plainFirst[r] = a;
          plainSecond[r] = b;
          first[r] = c;
          second[r] = d;
          hits += (int) reply.getJsonArray("results").stream().filter(result -> ((JsonObject) result).getBoolean("cached", false)).count();
        }
      }
    }
    double ratio = Stats.median(first) / Stats.median(second);
    System.out.printf(Locale.ROOT, "a batch of %d read_file calls over a warm tree, then the same again, %s (median of %d rounds, "
      + "each of files no round read before, on one host with the cache and one without):%n", READS, when, rounds);
    System.out.printf(Locale.ROOT, "  with the cache:    first run %.2f ms · second run %.2f ms (%d of %d from the cache) · %.1f× faster · target ≥ 5× %s%n",
      Stats.median(first), Stats.median(second), hits, READS * rounds, ratio, ratio >= 5 ? "met" : "MISSED");
    System.out.printf(Locale.ROOT, "  without the cache: first run %.2f ms · second run %.2f ms%n", Stats.median(plainFirst), Stats.median(plainSecond));
  }

  // The JIT compiles what runs often: a cached host answering one batch again and again warms the path of a hit,
  // a host without a cache the path of a read. Their own hosts, so that the measured ones start empty.
  private static void warmUp(Path corpus, int skip) throws Exception {
    JsonObject batch = readBatch(corpus, skip);
    System.err.printf(Locale.ROOT, "warming the JVM up: %d batches of %d reads on a host with the cache and one without…%n",
      WARM_BATCHES, READS);
    try (BenchHost plain = new BenchHost(corpus, new HostOptions().setMaxReplyBytes(REPLY_BYTES)
           .setCache(new CacheOptions().setEnabled(false)), new BuiltinPlugin());
         BenchHost cached = new BenchHost(corpus, new HostOptions().setMaxReplyBytes(REPLY_BYTES), new BuiltinPlugin())) {
      for (int i = 0; i < WARM_BATCHES; i++) {
        timed(plain, batch);
        timed(cached, batch);
      }
    }
  }

  private static double timed(BenchHost host, JsonObject batch) throws Exception {
    long start = System.nanoTime();
    JsonObject reply = host.request(Addresses.BATCH, batch);
    double ms = (System.nanoTime() - start) / 1e6;
    reply.getJsonArray("results").forEach(result -> {
      if (!((JsonObject) result).getBoolean("ok")) {
        throw new IllegalStateException("a read failed: " + ((JsonObject) result).getJsonObject("error"));
      }
    });
    return ms;
  }

  // A host starts watching its tree on a thread of its own; a host that has run for a while has done so.
  private static void awaitWatching(BenchHost host) throws Exception {
    long until = System.nanoTime() + PATIENCE_MS * 1_000_000;
    while (!host.host.cache().watching()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the cache's watcher did not see the whole tree within " + PATIENCE_MS + " ms");
      }
      Thread.sleep(10);
    }
  }

  // Results are kept on the pool after their call has returned; the second run starts once they are.
  private static void awaitKept(BenchHost host, int results) throws Exception {
    long until = System.nanoTime() + PATIENCE_MS * 1_000_000;
    long weight = -1;
    while (true) {
      long now = host.host.cache().weightedSize();
      if (now == weight && now > 0) {
        return;
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the " + results + " results were not kept within " + PATIENCE_MS + " ms");
      }
      weight = now;
      Thread.sleep(20);
    }
  }

  private static void repeatedGrep(Path corpus, int runs) throws Exception {
    double[] rg = new double[runs];
    double[] ours = new double[runs];
    double first;
    int lines;
    try (BenchHost cached = new BenchHost(corpus, new HostOptions(), new BuiltinPlugin())) {
      awaitWatching(cached);
      for (int i = 0; i < 3; i++) {
        ripgrep(corpus);
      }
      long start = System.nanoTime();
      JsonObject miss = cached.request(Addresses.CALL, GREP);
      first = (System.nanoTime() - start) / 1e6;
      lines = miss.getJsonObject("output").getJsonArray("matches").size();
      awaitKept(cached, 1);
      for (int i = 0; i < runs; i++) {
        rg[i] = ripgrep(corpus);
        start = System.nanoTime();
        JsonObject hit = cached.request(Addresses.CALL, GREP);
        ours[i] = (System.nanoTime() - start) / 1e6;
        if (!hit.getBoolean("cached", false)) {
          throw new IllegalStateException("the repeated grep was not answered from the cache");
        }
      }
    }
    double ratio = Stats.median(ours) / Stats.median(rg);
    System.out.printf(Locale.ROOT, "the same grep of the whole tree, repeated (%d lines; median of %d, interleaved with ripgrep):%n", lines, runs);
    System.out.printf(Locale.ROOT, "  ripgrep %.2f ms · ours, first run %.2f ms · ours, repeated %.3f ms · %.4f× ripgrep's time · target ≤ 0.1× %s%n",
      Stats.median(rg), first, Stats.median(ours), ratio, ratio <= 0.1 ? "met" : "MISSED");
  }

  private static double ripgrep(Path corpus) throws Exception {
    long start = System.nanoTime();
    List<String> command = new java.util.ArrayList<>(RG);
    command.add(corpus.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (process.waitFor() > 1) {
      throw new IllegalStateException("rg failed");
    }
    return (System.nanoTime() - start) / 1e6;
  }
}
