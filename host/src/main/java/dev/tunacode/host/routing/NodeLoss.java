package dev.tunacode.host.routing;

import dev.tunacode.core.coordinator.CallErrors;
import dev.tunacode.core.coordinator.Envelopes;
import dev.tunacode.core.spi.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Answers what a lost node had in flight from this router, in the order it was sent:
 * <ul>
 *   <li>a call that had finished there keeps its result (the router heard it);</li>
 *   <li>a call that only reads is sent again to another node of its workspace, or, with none,
 *   answered {@code NODE_LOST}: nothing was changed;</li>
 *   <li>a call that writes or runs a command is answered {@code NODE_LOST}: it may have been applied.
 *   It is never sent again;</li>
 *   <li>every later call of the same session, in flight or held here, is {@code CANCELLED}, naming it.
 *   The router does not know what a call touches (its footprint is the tool's, on the node), so it
 *   takes every later call of the session to depend on it.</li>
 * </ul>
 */
final class NodeLoss {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NodeLoss.class);

  private final WorkspaceRouter router;

  NodeLoss(WorkspaceRouter router) {
    this.router = router;
  }

  void settle(String gone, List<Forward> forwards) {
    Map<String, String> lostWrites = new HashMap<>();
    Set<SessionRoutes.Route> touched = new LinkedHashSet<>();
    // A read may have finished there and a later write of its session begun: run again, it could see that
    // write. Such a read is not run again.
    Map<String, Long> lastWriter = new HashMap<>();
    forwards.stream().filter(forward -> !forward.readOnly && forward.session != null)
      .forEach(forward -> lastWriter.merge(forward.session, forward.seq, Math::max));
    for (Forward forward : forwards) {
      SessionRoutes.Route route = router.routeOf(forward);
      router.countOut(forward);
      if (route != null) {
        touched.add(route);
      }
      try {
        settle(gone, forward, lostWrites, lastWriter);
      } catch (RuntimeException e) {
        // Whatever went wrong here, the client is answered and the others are settled.
        LOG.error("Could not settle a request lost with node {}; answering it NODE_LOST", gone, e);
        answer(forward, gone, allLost(forward, gone));
      }
    }
    for (SessionRoutes.Route route : touched) {
      String blocker = lostWrites.get(route.key);
      while (blocker != null && !route.held.isEmpty()) {
        Forward held = route.held.poll();
        JsonObject[] results = new JsonObject[held.tools.size()];
        for (int i = 0; i < results.length; i++) {
          results[i] = error(held, i, ErrorCode.CANCELLED, "Not run: it came after " + blocker + " of this session, whose node ("
            + gone + ") left the cluster while it ran. Check what that call changes, then send this call again.");
        }
        answer(held, gone, results);
      }
      router.release(route);
    }
  }

  private void settle(String gone, Forward forward, Map<String, String> lostWrites, Map<String, Long> lastWriter) {
    String blocker = forward.session == null ? null : lostWrites.get(forward.session);
    List<WorkspaceNode> others = router.serving(forward.workspace);
    boolean laterWrite = forward.session != null && lastWriter.getOrDefault(forward.session, -1L) > forward.seq;
    if (forward.readOnly && blocker == null) {
      if (!others.isEmpty() && !laterWrite) {
        router.dispatch(forward, others, true);
      } else {
        answer(forward, gone, allLost(forward, gone));
      }
      return;
    }
    JsonObject[] results = new JsonObject[forward.tools.size()];
    List<Integer> reads = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (forward.finished(i)) {
        results[i] = asResult(forward.results[i]);
      } else if (blocker != null) {
        results[i] = error(forward, i, ErrorCode.CANCELLED, "Not run: it came after " + blocker + " of this session, whose node ("
          + gone + ") left the cluster while it ran, so that call may or may not have been applied. Check what it changes, "
          + "then send this call again.");
      } else if (!forward.node.readsOnly(forward.tools.get(i))) {
        blocker = "call '" + forward.callId(i) + "' (" + forward.tools.get(i) + ")";
        if (forward.session != null) {
          lostWrites.put(forward.session, blocker);
        }
        results[i] = error(forward, i, ErrorCode.NODE_LOST, "The node running this call (" + gone + ") left the cluster before "
          + "it answered. It may have been applied, in whole or not at all (a file is never left half written; a command may "
          + "have run in part): check what it changes before sending it again.");
      } else {
        reads.add(i);
      }
    }
    if (reads.isEmpty()) {
      answer(forward, gone, results);
    } else if (others.isEmpty() || laterWrite) {
      reads.forEach(i -> results[i] = lostRead(forward, i, gone));
      answer(forward, gone, results);
    } else {
      resend(forward, reads, results, gone, others);
    }
  }

  // The reads of a batch that writes, which had not finished, go again as a batch of their own.
  private void resend(Forward forward, List<Integer> reads, JsonObject[] results, String gone, List<WorkspaceNode> others) {
    JsonArray calls = new JsonArray();
    // Each keeps its own id, so that its result reads as the one it stands for.
    reads.forEach(i -> calls.add(forward.single ? forward.request.copy().put("id", forward.callId(i))
      : forward.request.getJsonArray("calls").getValue(i) instanceof JsonObject call ? call.copy().put("id", forward.callId(i))
      : forward.request.getJsonArray("calls").getValue(i)));
    JsonObject request = new JsonObject().put("calls", calls).put("workspace", forward.workspace);
    for (String field : new String[] {"session", "connection", "timeoutMs"}) {
      if (forward.request.getValue(field) != null) {
        request.put(field, forward.request.getValue(field));
      }
    }
    Forward again = router.retry(forward, request, reply -> {
      JsonArray answered = reply.getJsonArray("results");
      for (int k = 0; k < reads.size(); k++) {
        int i = reads.get(k);
        results[i] = answered != null && k < answered.size() ? answered.getJsonObject(k).put("callId", forward.batchId + "/" + i)
          : lostRead(forward, i, gone);
      }
      answer(forward, gone, results);
    });
    router.dispatch(again, others, true);
  }

  private static JsonObject[] allLost(Forward forward, String gone) {
    JsonObject[] results = new JsonObject[forward.tools.size()];
    for (int i = 0; i < results.length; i++) {
      results[i] = lostRead(forward, i, gone);
    }
    return results;
  }

  private static JsonObject lostRead(Forward forward, int index, String gone) {
    return error(forward, index, ErrorCode.NODE_LOST, "The node running this call (" + gone + ") left the cluster before it "
      + "answered, and it was not run again: no other node serves the workspace '" + forward.workspace + "', or a later "
      + "write of its session was running there too and may have changed what it reads. The call only reads, so nothing "
      + "was changed by it: send it again.");
  }

  static JsonObject error(Forward forward, int index, ErrorCode code, String message) {
    return Envelopes.result(forward.callId(index), forward.batchId + "/" + index, forward.tools.get(index), false)
      .put("error", CallErrors.error(code, message))
      .put("timing", new JsonObject().put("queuedMs", 0.0).put("runMs", 0.0).put("startMs", 0.0).put("endMs", 0.0));
  }

  private static JsonObject asResult(JsonObject event) {
    JsonObject result = event.copy();
    result.remove("type");
    result.remove("index");
    result.remove("batchId");
    return result;
  }

  /** Answers the forward with these results, as its host would have: one result, or a batch's reply. */
  static void answer(Forward forward, String gone, JsonObject[] results) {
    if (forward.single) {
      forward.answer.accept(results[0]);
      return;
    }
    double wallMs = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - forward.startedNanos) / 1000.0;
    double sumMs = 0;
    int errors = 0;
    JsonArray list = new JsonArray();
    for (JsonObject result : results) {
      list.add(result);
      errors += result.getBoolean("ok", false) ? 0 : 1;
      sumMs += result.getJsonObject("timing", new JsonObject()).getDouble("runMs", 0.0);
    }
    JsonObject stats = new JsonObject().put("calls", results.length).put("errors", errors).put("notRun", 0)
      .put("wallMs", wallMs).put("sumMs", sumMs).put("speedup", wallMs > 0 ? Math.round(sumMs / wallMs * 100) / 100.0 : 0.0);
    if (gone != null) {
      stats.put("nodeLost", gone);
    }
    forward.answer.accept(new JsonObject().put("ok", true).put("batchId", forward.batchId).put("results", list).put("stats", stats));
  }
}
