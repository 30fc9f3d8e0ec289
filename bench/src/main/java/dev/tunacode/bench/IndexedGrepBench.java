package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinPlugin;
import io.vertx.core.json.JsonObject;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * grep through the content index (issue 15) on the JDK's sources, a different literal each call, against
 * ripgrep and against the same grep on a host without the index, interleaved, in one run. Both hosts run
 * without the result cache, so that every call searches. Usage: {@code IndexedGrepBench CORPUS}.
 */
public final class IndexedGrepBench {

  /** Literals with few hits in the JDK's sources, a different one for each grep, as an agent greps between edits. */
  public static final List<String> LITERALS = List.of("removeFirstOccurrence", "descendingIterator", "pollLast",
    "elementAt", "Spliterator.ORDERED", "implements Deque", "ConcurrentModificationException", "checkedCollection",
    "newSetFromMap", "MAXIMUM_CAPACITY", "TreeBin", "HashMap.Node", "transferTo", "getResourceAsStream",
    "UnsupportedTemporalTypeException", "SecurityManager sm", "doPrivileged", "ByteOrder.nativeOrder",
    "jdk.internal.misc.Unsafe", "interface Deque");
  private static final long PATIENCE_NANOS = 120_000_000_000L;

  private IndexedGrepBench() {
  }

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    HostOptions noCache = new HostOptions().setCache(new CacheOptions().setEnabled(false));
    try (BenchHost indexed = new BenchHost(corpus, noCache, new JsonObject().put("index", new JsonObject().put("enabled", true)),
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
      double[] rg = new double[LITERALS.size()];
      double[] ours = new double[LITERALS.size()];
      double[] scan = new double[LITERALS.size()];
      double[] walks = new double[LITERALS.size()];
      long notRead = 0;
      for (int i = 0; i < LITERALS.size(); i++) {
        String literal = LITERALS.get(i);
        rg[i] = ripgrep(corpus, literal);
        long t = System.nanoTime();
        JsonObject output = grep(indexed, literal);
        ours[i] = (System.nanoTime() - t) / 1e6;
        notRead += output.getJsonObject("phases").getLong("filesNotRead", 0L);
        walks[i] = output.getJsonObject("phases").getDouble("walkMs");
        t = System.nanoTime();
        JsonObject full = grep(plain, literal);
        scan[i] = (System.nanoTime() - t) / 1e6;
        if (!output.getJsonArray("matches").equals(full.getJsonArray("matches"))) {
          throw new IllegalStateException("the index changed the results of " + literal);
        }
      }
      double ratio = Stats.median(ours) / Stats.median(rg);
      System.out.printf(Locale.ROOT, "grep of a literal with few hits, a different one each call (%d literals, once each; medians):%n", LITERALS.size());
      System.out.printf(Locale.ROOT, "  ripgrep %.1f ms · ours without the index %.1f ms · ours through the index %.1f ms (on average %d of "
          + "the files not read) · %.2f× ripgrep · target ≤ 0.1× %s%n", Stats.median(rg), Stats.median(scan), Stats.median(ours),
        notRead / LITERALS.size(), ratio, ratio <= 0.1 ? "met" : "MISSED");
      System.out.printf(Locale.ROOT, "  of ours through the index, the walk of the tree (a statx a file, for its stamp) took %.1f ms%n",
        Stats.median(walks));
    }
  }

  private static JsonObject grep(BenchHost host, String literal) throws Exception {
    JsonObject reply = host.request(Addresses.CALL, new JsonObject().put("tool", "grep").put("args", new JsonObject()
      .put("pattern", literal).put("case_sensitive", true).put("max_results", 100_000).put("context_lines", 0)));
    if (!reply.getBoolean("ok")) {
      throw new IllegalStateException("grep failed: " + reply.getJsonObject("error"));
    }
    return reply.getJsonObject("output");
  }

  private static double ripgrep(Path corpus, String literal) throws Exception {
    long start = System.nanoTime();
    List<String> command = new ArrayList<>(List.of("rg", "--no-require-git", "-n", "-F", literal, corpus.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().transferTo(OutputStream.nullOutputStream());
    process.waitFor();
    return (System.nanoTime() - start) / 1e6;
  }
}
