package dev.tunacode.bench;

import dev.tunacode.core.Addresses;
import dev.tunacode.core.HostOptions;
import dev.tunacode.tools.builtin.BuiltinPlugin;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Cancelling a running bash that has started 20 children, in-process: the time from sending
 * {@code tunacode.cancel} until every one of the 21 processes is gone from {@code /proc}, polled every
 * 0.2 ms, and until the call's answer.
 */
public final class CancelBench {

  private static final int CHILDREN = 20;

  private CancelBench() {
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path root = Files.createTempDirectory("tunacode-cancel-bench");
    try (BenchHost bench = new BenchHost(root, new HostOptions(), new BuiltinPlugin())) {
      for (int i = 0; i < 3; i++) {
        once(bench, root, i);
      }
      double[] gone = new double[runs];
      double[] answered = new double[runs];
      for (int r = 0; r < runs; r++) {
        double[] run = once(bench, root, 100 + r);
        gone[r] = run[0];
        answered[r] = run[1];
      }
      double median = Stats.median(gone);
      System.out.printf(Locale.ROOT, "cancel of a bash with %d children: all gone after median %.1f ms (p90 %.1f ms), "
          + "answered CANCELLED after %.1f ms · target ≤ 100 ms %s%n", CHILDREN, median, Stats.percentile(gone, 90),
        Stats.median(answered), median <= 100 ? "met" : "MISSED");
    }
  }

  /** @return ms until every process was gone, and until the answer came */
  private static double[] once(BenchHost bench, Path root, int run) throws Exception {
    Path pids = root.resolve("pids-" + run);
    String session = "cancel-" + run;
    String command = "for i in $(seq " + CHILDREN + "); do sleep 600 & done; echo $$ $(jobs -p) > " + pids.getFileName() + "; wait";
    Future<Message<JsonObject>> reply = bench.vertx.eventBus().request(Addresses.CALL, new JsonObject().put("tool", "bash")
      .put("session", session).put("args", new JsonObject().put("command", command)),
      new DeliveryOptions().setSendTimeout(60_000));
    long[] processes = awaitPids(pids);
    long start = System.nanoTime();
    bench.vertx.eventBus().request(Addresses.CANCEL, new JsonObject().put("session", session));
    while (Arrays.stream(processes).anyMatch(CancelBench::running)) {
      Thread.onSpinWait();
      TimeUnit.MICROSECONDS.sleep(200);
      if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
        throw new IllegalStateException("processes still running 30 s after the cancel: " + Arrays.toString(processes));
      }
    }
    double gone = (System.nanoTime() - start) / 1e6;
    JsonObject result = reply.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).body();
    double answered = (System.nanoTime() - start) / 1e6;
    if (!"CANCELLED".equals(result.getJsonObject("error", new JsonObject()).getString("code"))) {
      throw new IllegalStateException("not cancelled: " + result.encode());
    }
    return new double[] {gone, answered};
  }

  private static long[] awaitPids(Path file) throws Exception {
    for (int i = 0; i < 6_000; i++) {
      if (Files.exists(file)) {
        String[] words = Files.readString(file).trim().split("\\s+");
        if (words.length == CHILDREN + 1) {
          return Arrays.stream(words).mapToLong(Long::parseLong).toArray();
        }
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the command never wrote its " + (CHILDREN + 1) + " pids to " + file);
  }

  // A zombie runs nothing; in a container nobody may reap it.
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (NoSuchFileException gone) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
