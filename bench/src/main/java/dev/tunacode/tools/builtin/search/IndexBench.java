package dev.tunacode.tools.builtin.search;

import dev.tunacode.bench.IndexedGrepBench;
import dev.tunacode.bench.Stats;
import dev.tunacode.core.cache.FileStamp;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The content index of issue 15, before any tool consults it: how long it takes to build from cold on a
 * tree, how much memory it takes, and how far it narrows greps, each beside ripgrep's scan of the same
 * tree in the same run. It lives in the search package to reach the index, which is not public yet.
 * Usage: {@code IndexBench CORPUS [ROUNDS]}.
 */
public final class IndexBench {

  /** Literals with few hits, a different one for each query, as an agent greps between edits. */
  private static final List<String> LITERALS = IndexedGrepBench.LITERALS;
  private static final long MAX_FILE_BYTES = 16L << 20;

  private IndexBench() {
  }

  private record Built(ContentIndex index, double ms, long treeBytes, int files) {
  }

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = Runtime.getRuntime().availableProcessors();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    double[] builds = new double[rounds];
    double[] scans = new double[rounds];
    Built built = null;
    for (int r = 0; r < rounds; r++) {
      scans[r] = ripgrep(corpus, "removeFirstOccurrence");
      built = null;
      System.gc();
      built = build(corpus, files, threads);
      builds[r] = built.ms();
    }
    System.gc();
    long heap = usedHeap();
    System.out.printf(Locale.ROOT, "building the content index from cold (%d files, %.1f MB; %d threads, a shard each; median of %d, interleaved with ripgrep):%n",
      built.files(), built.treeBytes() / 1e6, threads, rounds);
    double ratio = Stats.median(builds) / Stats.median(scans);
    System.out.printf(Locale.ROOT, "  ripgrep, one scan %.1f ms · index built in %.1f ms · %.2f× a scan · target ≤ 3× %s%n",
      Stats.median(scans), Stats.median(builds), ratio, ratio <= 3 ? "met" : "MISSED");
    double share = built.index().bytes() / (double) built.treeBytes();
    System.out.printf(Locale.ROOT, "  memory: %.1f MB counted by the index (%.2f× the tree's bytes; target ≤ 0.5× %s), heap in use after GC %.1f MB%n",
      built.index().bytes() / 1e6, share, share <= 0.5 ? "met" : "MISSED", heap / 1e6);
    narrowing(corpus, built.index(), files);
  }

  private static void narrowing(Path corpus, ContentIndex index, List<Path> files) throws Exception {
    Map<String, FileStamp> stamps = new LinkedHashMap<>();
    for (Path file : files) {
      stamps.put(corpus.relativize(file).toString(), FileStamp.of(file));
    }
    System.out.printf(Locale.ROOT, "narrowing: files a grep must read, of %d, for 20 literals, each once (the lookup and every file's "
      + "verdict, on one thread; rg -l's count of files that match)%n", files.size());
    double[] lookups = new double[LITERALS.size()];
    int i = 0;
    long read = 0;
    for (String literal : LITERALS) {
      for (boolean caseSensitive : new boolean[] {true, false}) {
        // What a grep pays the index: the query's hashes, then a verdict for every file it walks.
        long start = System.nanoTime();
        ContentIndex.Lookup lookup = index.lookup(TrigramQuery.of(literal, false, caseSensitive));
        int candidates = 0;
        for (Map.Entry<String, FileStamp> file : stamps.entrySet()) {
          ContentIndex.Verdict verdict = lookup.verdict(file.getKey(), file.getValue());
          if (verdict == ContentIndex.Verdict.SEARCH || verdict == ContentIndex.Verdict.UNKNOWN) {
            candidates++;
          }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (caseSensitive) {
          lookups[i++] = ms;
        }
        read += candidates;
        System.out.printf(Locale.ROOT, "  %-34s %-16s %6d files to read · %d match · verdicts %.3f ms%n", "'" + literal + "'",
          caseSensitive ? "case-sensitive" : "case-insensitive", candidates, matching(corpus, literal, caseSensitive), ms);
      }
    }
    System.out.printf(Locale.ROOT, "  median of the verdicts %.3f ms; on average %.1f files to read of %d%n", Stats.median(lookups),
      read / (2.0 * LITERALS.size()), files.size());
  }

  // A thread a shard, each indexing the files whose paths hash to its shard: no thread waits for another's lock.
  private static Built build(Path corpus, List<Path> files, int threads) throws Exception {
    ContentIndex index = new ContentIndex(MAX_FILE_BYTES, threads);
    List<List<Path>> byShard = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      byShard.add(new ArrayList<>());
    }
    for (Path file : files) {
      byShard.get(ContentIndex.shardOf(corpus.relativize(file).toString(), threads)).add(file);
    }
    long[] bytes = new long[threads];
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          // As the host reads them: into an array kept for the next file, not one a file left to the collector.
          byte[] content = new byte[1 << 20];
          for (Path file : byShard.get(thread)) {
            try {
              FileStamp stamp = FileStamp.of(file);
              long wall = FileStamp.wallNanos();
              if (stamp.size() >= content.length) {
                content = new byte[(int) stamp.size() + 1];
              }
              int length = read(file, content);
              bytes[thread] += length;
              boolean binary = FileScan.binary(ByteSearch.ordered(java.nio.ByteBuffer.wrap(content, 0, length)), length);
              index.put(corpus.relativize(file).toString(), stamp, binary ? null : TrigramSignature.of(content, length),
                binary, stamp.settled(wall));
            } catch (IOException unreadable) {
              // left out: a search reads it
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return new Built(index, (System.nanoTime() - start) / 1e6, Arrays.stream(bytes).sum(), files.size());
  }

  private static int read(Path file, byte[] into) throws IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(into);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // until the file's end or the array is full
      }
      return buffer.position();
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double ripgrep(Path corpus, String literal) throws Exception {
    long start = System.nanoTime();
    Process process = new ProcessBuilder("rg", "--no-require-git", "-n", "-F", literal, corpus.toString())
      .redirectErrorStream(true).start();
    process.getInputStream().transferTo(OutputStream.nullOutputStream());
    process.waitFor();
    return (System.nanoTime() - start) / 1e6;
  }

  private static int matching(Path corpus, String literal, boolean caseSensitive) throws Exception {
    List<String> command = new ArrayList<>(List.of("rg", "--no-require-git", "-l", "-F", literal, corpus.toString()));
    if (!caseSensitive) {
      command.add(1, "-i");
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    int lines = new String(process.getInputStream().readAllBytes()).split("\n", -1).length - 1;
    process.waitFor();
    return lines;
  }
}
