package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinPlugin;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Our grep and glob, called on a warm in-process host, against ripgrep and fd run as processes on the
 * same tree, interleaved, with medians. Both sides print every result: max_results is set above the
 * number of hits, context is off, and rg and fd write to a pipe that is read and discarded.
 */
public final class SearchVsNative {

  /**
   * Runs of each side before the measured ones. A new JVM's heap grows over its first large searches, and
   * on these machines memory the process touches for the first time is slow to come; a warm host is past that.
   */
  private static final int WARM_UP_RUNS = 10;

  private record Case(String name, JsonObject grep, List<String> command, double target) {
  }

  private SearchVsNative() {
  }

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    List<Case> cases = List.of(
      grepCase("literal, many hits", "return", false, false, List.of("rg", "-i", "-F", "-n", "return"), 1.5),
      countCase("literal, many hits, count", "return", List.of("rg", "-i", "-F", "-c", "return"), 1.5),
      grepCase("regex", "public\\s+static\\s+\\w+\\s+get\\w*\\(", true, true,
        List.of("rg", "-n", "public\\s+static\\s+\\w+\\s+get\\w*\\("), 2.0),
      grepCase("case-insensitive word", "Synchronized", false, false, List.of("rg", "-i", "-F", "-n", "Synchronized"), 1.5),
      grepCase("never matches", "zqxjkvbwpf_no_such_text", false, false, List.of("rg", "-i", "-F", "-n", "zqxjkvbwpf_no_such_text"), 1.5),
      new Case("glob **/*.java", new JsonObject().put("tool", "glob").put("args", new JsonObject()
        .put("pattern", "**/*.java").put("max_results", 1_000_000)), List.of("fdfind", "-g", "*.java"), 1.5));
    try (BenchHost bench = new BenchHost(corpus, new HostOptions().setMaxResultBytes(1L << 30), new BuiltinPlugin())) {
      System.out.printf(Locale.ROOT, "%-24s | %12s | %12s | %7s | %s%n", "case", "native (med)", "ours (med)", "ratio", "floor");
      for (Case c : cases) {
        if (args.length > 2 && !c.name().contains(args[2])) {
          continue;
        }
        for (int i = 0; i < WARM_UP_RUNS; i++) {
          ours(bench, c);
          theirs(corpus, c.command());
        }
        double[] native_ = new double[runs];
        double[] ours = new double[runs];
        JsonObject last = null;
        for (int i = 0; i < runs; i++) {
          native_[i] = theirs(corpus, c.command());
          long start = System.nanoTime();
          last = ours(bench, c);
          ours[i] = (System.nanoTime() - start) / 1e6;
        }
        double n = Stats.median(native_);
        double o = Stats.median(ours);
        JsonObject output = last.getJsonObject("output");
        String size = output.containsKey("counts") ? output.getJsonArray("files").size() + " files counted"
          : output.containsKey("matches") ? output.getJsonArray("matches").size() + " matches"
          : output.getJsonArray("files").size() + " files";
        System.out.printf(Locale.ROOT, "%-24s | %9.1f ms | %9.1f ms | %6.2f× | ≤ %.1f× %s (%s; last run's phases %s)%n",
          c.name(), n, o, o / n, c.target(), o / n <= c.target() ? "met" : "MISSED", size, output.getJsonObject("phases").encode());
      }
    }
  }

  private static Case grepCase(String name, String pattern, boolean regex, boolean caseSensitive, List<String> command,
                               double target) {
    JsonObject args = new JsonObject().put("pattern", pattern).put("use_regex", regex).put("case_sensitive", caseSensitive)
      .put("max_results", 1_000_000).put("context_lines", 0).put("timeout_ms", 600_000);
    List<String> full = new ArrayList<>(command);
    full.add(1, "--no-require-git");
    full.add(".");
    return new Case(name, new JsonObject().put("tool", "grep").put("args", args), full, target);
  }

  // The same search with only a count per file to print: the engine without 251,000 lines of formatting.
  private static Case countCase(String name, String pattern, List<String> command, double target) {
    Case base = grepCase(name, pattern, false, false, command, target);
    base.grep().getJsonObject("args").put("output_mode", "count");
    return base;
  }

  private static JsonObject ours(BenchHost bench, Case c) throws Exception {
    JsonObject result = bench.request(Addresses.CALL, c.grep());
    if (!result.getBoolean("ok")) {
      throw new IllegalStateException(result.encode());
    }
    return result;
  }

  private static double theirs(Path corpus, List<String> command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    // rg reads standard input when it is not a terminal and no path is given; give it a path and no input.
    Process process = new ProcessBuilder(command).directory(corpus.toFile()).redirectErrorStream(true)
      .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    process.waitFor();
    return (System.nanoTime() - start) / 1e6;
  }
}
