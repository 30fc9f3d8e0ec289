package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Progress;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.tunacode.core.workspace.DirHandle;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Searches files in parallel and keeps the results deterministic: files are taken in path order, and the
 * search stops once the files completed in order already hold {@code limit} results, so the answer is
 * always the first results in path order, whatever the threads did.
 */
final class GrepEngine {

  /**
   * @param results   per file, in path order, for the files in the completed prefix
   * @param searched  files of the prefix read and searched (not binary, not unreadable)
   * @param timedOut  true when the deadline cut the search short
   */
  record Outcome(List<FileScan.Result> results, List<TreeWalker.Found> files, int searched, boolean timedOut) {
  }

  /**
   * @param maxResults the most results wanted: matching lines, or files when {@code countFiles}
   * @param perFile    the most matching lines to look for in one file
   * @param context    lines of context around each match
   * @param collect    collect the matches (content mode) rather than count them
   * @param countFiles count files with a match rather than matching lines towards the limit
   * @param budgetChars the search stops once the files done in order hold about this much output
   * @param display    from a file's path below the search root, the path its matches name
   */
  record Limits(int maxResults, int perFile, int context, boolean collect, boolean countFiles, long budgetChars,
                UnaryOperator<String> display) {
  }

  /** Files whose verdicts one task looks up, in a tree large enough that the helpers share them. */
  private static final int VERDICT_CHUNK = 8_192;

  private final FileScan.Result[] results;
  private final List<TreeWalker.Found> files;
  private final Limits limits;
  private int frontier;
  private long total;
  private long chars;
  private boolean full;
  private volatile boolean late;
  private volatile RuntimeException failure;

  private GrepEngine(List<TreeWalker.Found> files, Limits limits) {
    this.files = files;
    this.results = new FileScan.Result[files.size()];
    this.limits = limits;
  }

  /**
   * @param root     the folder the files' relative paths start from
   * @param progress receives each file's matches as the file is searched, in no particular order
   * @param narrowing what the content index says of the files, or null to read every one
   */
  static Outcome run(BlockingIo io, DirHandle root, List<TreeWalker.Found> files, LineFinder finder, Limits limits,
                     Deadline deadline, int helpers, Progress progress, IndexNarrowing narrowing) {
    GrepEngine engine = new GrepEngine(files, limits);
    WorkQueue<Integer> queue = engine.toRead(io, helpers, narrowing, deadline);
    queue.drain(io, helpers, (index, work) -> {
      if (deadline.passed()) {
        engine.late = true;
        work.stop();
        return;
      }
      FileScan.Result result;
      try {
        result = FileScan.scan(root, files.get(index), limits.display().apply(files.get(index).relative()), finder,
          limits.perFile(), limits.context(), limits.collect(), limits.budgetChars(), deadline);
      } catch (DeadlineChars.Expired expired) {
        engine.late = true;
        work.stop();
        return;
      } catch (StackOverflowError | RuntimeException failure) {
        // On a helper thread this would end the helper and leave a gap in the results; it is kept for the
        // caller instead, and the search stops.
        engine.failure = failure instanceof StackOverflowError ? tooDeep(files.get(index)) : (RuntimeException) failure;
        work.stop();
        return;
      }
      if (progress.wanted() && !result.matches().isEmpty()) {
        progress.send(new JsonObject().put("matches", new JsonArray(new ArrayList<>(result.matches()))));
      }
      if (engine.complete(index, result)) {
        work.stop();
      }
    });
    if (engine.failure != null) {
      throw engine.failure;
    }
    return engine.outcome();
  }

  /**
   * Takes the results of the files the index says need no reading and queues the others: with the index,
   * most of a tree's files are passed over, and each should cost a lookup, not a task handed between
   * threads and a turn at the lock of the results (a grep of a literal on the JDK tree through the index
   * went from 16.6 to 7.6 ms with this). A large tree's lookups are shared by the helpers, a chunk a task.
   */
  private WorkQueue<Integer> toRead(BlockingIo io, int helpers, IndexNarrowing narrowing, Deadline deadline) {
    WorkQueue<Integer> queue = new WorkQueue<>();
    if (narrowing == null) {
      for (int i = 0; i < results.length; i++) {
        queue.add(i);
      }
      return queue;
    }
    if (results.length < VERDICT_CHUNK * 2) {
      settle(0, results.length, narrowing, deadline);
    } else {
      WorkQueue<Integer> chunks = new WorkQueue<>();
      for (int start = 0; start < results.length; start += VERDICT_CHUNK) {
        chunks.add(start);
      }
      chunks.drain(io, helpers, (start, work) -> settle(start, Math.min(results.length, start + VERDICT_CHUNK), narrowing, deadline));
    }
    for (int i = 0; i < results.length && !late; i++) {
      if (results[i] == null) {
        queue.add(i);
      }
    }
    advance();
    return queue;
  }

  // Each chunk's results are its own slots of the array; the drain that shares them ends before they are read.
  private void settle(int from, int to, IndexNarrowing narrowing, Deadline deadline) {
    for (int i = from; i < to; i++) {
      results[i] = narrowing.withoutReading(files.get(i));
      if ((i & 1023) == 1023 && deadline.passed()) {
        late = true;
        return;
      }
    }
  }

  // Java's matcher recurses for each repetition of a group: a pattern such as (a|a?)+b on a long line
  // runs out of stack before any deadline.
  private static ToolException tooDeep(TreeWalker.Found file) {
    return new ToolException(ErrorCode.INVALID_ARGS, "The regular expression is too complex for a line of '" + file.relative()
      + "': matching it ran out of stack. Simplify it: avoid a repeated group whose parts can match the same text, "
      + "such as (a|a?)+, or search for a literal.");
  }

  // The prefix ends at the file that filled the results, whatever other threads finished after it: the
  // files and the count of files searched are then those a search in path order would give.
  private synchronized boolean complete(int index, FileScan.Result result) {
    results[index] = result;
    return advance();
  }

  private synchronized boolean advance() {
    while (!full && frontier < results.length && results[frontier] != null) {
      FileScan.Result done = results[frontier++];
      total += limits.countFiles() ? (done.count() > 0 ? 1 : 0) : done.count();
      chars += done.chars();
      full = total >= limits.maxResults() || chars > limits.budgetChars();
    }
    return full;
  }

  private synchronized Outcome outcome() {
    List<FileScan.Result> ordered = new ArrayList<>(frontier);
    int searched = 0;
    for (int i = 0; i < frontier; i++) {
      ordered.add(results[i]);
      searched += results[i].searched() ? 1 : 0;
    }
    return new Outcome(ordered, files.subList(0, frontier), searched, late);
  }
}
