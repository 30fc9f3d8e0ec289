package dev.tunacode.core.coordinator;

import dev.tunacode.core.spi.ToolKind;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One session's order: every call of the session that has arrived and not finished, and which of them
 * may start. A new call waits for every earlier unfinished call it conflicts with, whichever batch or
 * request brought it, so that the session's calls give what running them one by one in arrival order
 * would give. A call that may touch everything is a barrier: it waits for every unfinished call, and
 * every later call waits for it; the calls before it need not be looked at again. Lives on the
 * coordinator's event loop.
 */
final class Session {

  /** More conflicts than this make a call a barrier; see {@link #becomeBarrier}. */
  static final int MAX_LINKS = 256;

  private final String id;
  private final Map<Long, Batch> plannedAhead = new HashMap<>();
  /** On the scheduler's list of sessions whose turn it may be. */
  boolean inTurns;
  /** Its calls running now (counted by the scheduler). */
  int running;
  private long arrivals;
  private long nextToAdmit;
  // Ready calls by batch: a batch at its maxParallel holds back its own calls only.
  private final Map<Batch, PriorityQueue<PlannedCall>> ready = new LinkedHashMap<>();
  /** Unfinished calls since the barrier that a later call may have to wait for. */
  private final FootprintIndex filed = new FootprintIndex();
  /** Unfinished calls since the barrier that touch no path: only a barrier waits for them. */
  private final Set<PlannedCall> pathless = new LinkedHashSet<>();
  private PlannedCall barrier;
  private int unfinished;
  private long nextSeq;
  /**
   * Calls taken in arrival order but not yet linked. A command may make a path lead somewhere else (a
   * symlink where a file was), so a call whose paths were resolved before a command of its session
   * finished is linked only once they have been resolved again after it.
   */
  private final ArrayDeque<PlannedCall> held = new ArrayDeque<>();
  private int commandsUnfinished;
  /** Linked calls, not finished, that write or may touch everything. */
  private int writersUnfinished;
  private long commandsFinished;
  private boolean resolving;
  /**
   * Deferred reads linked and unfinished, standing for reads of the whole workspace. They are not filed: only
   * a write could wait for one, and a write has their paths resolved first; a barrier waits for them all.
   */
  private final Set<PlannedCall> standIns = new LinkedHashSet<>();
  /** Stand-ins whose paths the scheduler is to resolve now, for the write at the head of {@link #held}. */
  private final List<PlannedCall> toRefine = new ArrayList<>();
  /** Stand-ins' paths are being resolved: nothing is linked until they are filed under them. */
  private boolean refining;

  Session(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  /** @return the next arrival's place */
  long arrive() {
    return arrivals++;
  }

  /**
   * The request that arrived at {@code arrival} is planned; {@code batch} is null for one that turned out
   * to have nothing to run (planning failed).
   */
  void planned(long arrival, Batch batch) {
    plannedAhead.put(arrival, batch);
  }

  /** @return the next planned batch in arrival order, once every earlier arrival is planned, or null */
  Batch nextPlanned() {
    while (plannedAhead.containsKey(nextToAdmit)) {
      Batch batch = plannedAhead.remove(nextToAdmit++);
      if (batch != null) {
        return batch;
      }
    }
    return null;
  }

  /** @return how many commands of the session have finished: paths resolved before the next one may go stale */
  long commandsFinished() {
    return commandsFinished;
  }

  /** Takes a call that has arrived, in arrival order; {@link #link} links it when its paths are fresh. */
  void take(PlannedCall call) {
    call.session = this;
    call.held = true;
    held.add(call);
  }

  /**
   * Links the calls taken, in order, until one whose paths may be stale: it waits for the session's
   * unfinished commands, then for its paths to be resolved again.
   *
   * @return the taken calls whose paths to resolve again now, their resolution counted as under way; or empty
   */
  List<PlannedCall> link() {
    // While paths are being resolved again nothing behind them may be linked: the calls keep their order,
    // and a call linked meanwhile would be filed under paths that are about to change.
    while (!held.isEmpty() && !resolving && !refining) {
      PlannedCall head = held.peek();
      boolean stale = stale(head);
      // A deferred read would wait for every unfinished write as it stands; with its paths, only for those it touches.
      if (stale || head.deferred && writersUnfinished > 0) {
        if (stale && commandsUnfinished > 0) {
          return List.of();
        }
        resolving = true;
        List<PlannedCall> again = new ArrayList<>();
        held.forEach(call -> {
          if (hasPaths(call)) {
            again.add(call);
          }
        });
        return again;
      }
      // A write would wait for every read still standing for the whole workspace: their paths first.
      if (!standIns.isEmpty() && hasPaths(head) && !head.resolved.writes().isEmpty()) {
        refining = true;
        toRefine.addAll(standIns);
        return List.of();
      }
      held.poll().held = false;
      admit(head);
    }
    return List.of();
  }

  /** The calls {@link #link} gave have their paths resolved again, as of {@code commandsFinished}. */
  void resolvedAgain(List<PlannedCall> calls, long asOf) {
    calls.forEach(call -> {
      call.resolved = call.refined != null ? call.refined : ResolvedFootprint.EVERYTHING;
      call.refined = null;
      call.pathsAsOf = asOf;
      call.deferred = false;
    });
    resolving = false;
  }

  /**
   * @return the deferred reads whose paths to resolve now, because a write waits to be linked behind
   *         them; {@link #refined} is to be told once they are. Reads that end before any write comes are
   *         never resolved: a read answered from the cache, or a quick one, costs no task on the pool for it.
   */
  List<PlannedCall> takeToRefine() {
    if (toRefine.isEmpty()) {
      return List.of();
    }
    List<PlannedCall> taken = new ArrayList<>(toRefine);
    toRefine.clear();
    return taken;
  }

  /**
   * Deferred reads have their paths: one still filed is filed again under them, so that later calls
   * conflict with what it reads, not with the whole workspace. Calls already linked to it stay linked.
   */
  void refined(List<PlannedCall> calls) {
    refining = false;
    for (PlannedCall call : calls) {
      ResolvedFootprint paths = call.refined;
      call.refined = null;
      call.deferred = false;
      // A path that cannot be resolved keeps its stand-in, which is as cautious.
      if (paths != null && !paths.everything()) {
        call.resolved = paths;
      }
      // One that has finished, or that a barrier now waits for, is not filed: no later call waits for it.
      if (standIns.remove(call)) {
        filed.add(call);
      }
    }
  }

  private boolean stale(PlannedCall call) {
    return hasPaths(call) && (commandsUnfinished > 0 || call.pathsAsOf != commandsFinished);
  }

  private static boolean writes(PlannedCall call) {
    return call.resolved.everything() || !call.resolved.writes().isEmpty();
  }

  private static boolean hasPaths(PlannedCall call) {
    return !call.resolved.everything() && !call.resolved.isEmpty();
  }

  /** Links a call that has arrived to the earlier unfinished calls it must wait for. */
  private void admit(PlannedCall call) {
    call.seq = nextSeq++;
    unfinished++;
    if (call.served.kind() == ToolKind.EXECUTE) {
      commandsUnfinished++;
    }
    if (writes(call)) {
      writersUnfinished++;
    }
    Set<PlannedCall> earlier = call.resolved.everything() || call.deferred ? null : earlierConflicts(call);
    if (call.deferred) {
      // Linked only while no write of the session is unfinished (see link): nothing unfinished conflicts with
      // it, not even a barrier, which can then only be a read that had too many conflicts to link.
      standIns.add(call);
    } else if (call.resolved.everything() || earlier == null) {
      becomeBarrier(call);
    } else {
      if (barrier != null) {
        call.dependsOn(barrier);
      }
      if (!call.resolved.isEmpty()) {
        link(call, earlier);
      } else {
        pathless.add(call);
      }
    }
    if (call.pendingDeps == 0) {
      if (call.hollow) {
        finished(call);
      } else {
        makeReady(call);
      }
    }
  }

  private Set<PlannedCall> earlierConflicts(PlannedCall call) {
    return call.resolved.isEmpty() ? Set.of() : filed.conflicts(call.resolved, MAX_LINKS);
  }

  // A write that covers every path of an earlier call stands in for it: whatever conflicts with the
  // earlier call conflicts with the write too, and the write waits for it, so later calls link to the
  // write alone. This keeps a thousand writes of one file a chain rather than a complete graph.
  private void link(PlannedCall call, Set<PlannedCall> earlier) {
    for (PlannedCall each : earlier) {
      call.dependsOn(each);
      if (!call.resolved.writes().isEmpty() && FootprintIndex.coveredBy(each.resolved, call.resolved.writes())) {
        filed.remove(each);
      }
    }
    filed.add(call);
  }

  // A call with more than MAX_LINKS conflicts waits for everything instead, which costs one pass over
  // the filed calls and empties them, so no pattern of paths makes linking quadratic.
  private void becomeBarrier(PlannedCall call) {
    if (barrier != null) {
      call.dependsOn(barrier);
    }
    filed.members().forEach(call::dependsOn);
    pathless.forEach(call::dependsOn);
    standIns.forEach(call::dependsOn);
    filed.clear();
    pathless.clear();
    standIns.clear(); // no longer filed: later calls wait for the barrier, which waits for them
    barrier = call;
  }

  private void makeReady(PlannedCall call) {
    ready.computeIfAbsent(call.batch, batch -> new PriorityQueue<>(Comparator.comparingLong(c -> c.seq))).add(call);
  }

  /**
   * A call has really finished (after its answer, for one that timed out): the calls waiting on it may
   * start. A hollow call whose turn comes finishes at once, in the same loop, so that a chain of them
   * never deepens the stack.
   */
  void finished(PlannedCall call) {
    ArrayDeque<PlannedCall> done = new ArrayDeque<>();
    done.add(call);
    while (!done.isEmpty()) {
      PlannedCall each = done.poll();
      unfinished--;
      if (each.tool.kind() == ToolKind.EXECUTE) {
        commandsUnfinished--;
        commandsFinished++;
      }
      if (writes(each)) {
        writersUnfinished--;
      }
      if (each == barrier) {
        barrier = null;
      } else {
        filed.remove(each);
        pathless.remove(each);
        standIns.remove(each);
      }
      for (PlannedCall next : each.dependents) {
        if (--next.pendingDeps == 0) {
          if (next.hollow) {
            done.add(next);
          } else {
            makeReady(next);
          }
        }
      }
    }
  }

  /**
   * A call that has not started is cancelled: it never runs, but it keeps its place until the calls it
   * waits for have finished, since the calls after it wait through it.
   */
  void cancelWaiting(PlannedCall call) {
    call.hollow = true;
    if (call.held) {
      return; // it is linked, and so finished, when its turn to be linked comes
    }
    if (call.pendingDeps == 0) {
      PriorityQueue<PlannedCall> queue = ready.get(call.batch);
      if (queue != null && queue.remove(call) && queue.isEmpty()) {
        ready.remove(call.batch);
      }
      finished(call);
    }
  }

  /** @return true when nothing of the session is left, and it can be forgotten */
  boolean idle() {
    return unfinished == 0 && nextToAdmit == arrivals && held.isEmpty() && !resolving && !refining;
  }

  /** @return the earliest ready call whose batch has a free slot or is over its reply's budget, or null */
  PlannedCall takeStartable() {
    PriorityQueue<PlannedCall> best = null;
    for (Map.Entry<Batch, PriorityQueue<PlannedCall>> entry : ready.entrySet()) {
      PriorityQueue<PlannedCall> queue = entry.getValue();
      if (startable(entry.getKey()) && (best == null || queue.peek().seq < best.peek().seq)) {
        best = queue;
      }
    }
    if (best == null) {
      return null;
    }
    PlannedCall call = best.poll();
    if (best.isEmpty()) {
      ready.remove(call.batch);
    }
    return call;
  }

  /** @return true when a ready call could start now */
  boolean hasStartable() {
    for (Batch batch : ready.keySet()) {
      if (startable(batch)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startable(Batch batch) {
    return batch.grant() != Batch.WAIT;
  }
}
