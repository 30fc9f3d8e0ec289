package dev.tunacode.core.coordinator;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls answered (timed out or cancelled) whose tool has not stopped after a grace: they still hold a slot
 * and their paths, so an operator should hear of them. Written on the coordinator's loop, read from any
 * thread (for {@code /health}).
 */
public final class Overdue {

  /** How long after its answer a call may take to stop before it is reported. */
  static final long GRACE_MS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(Overdue.class);

  private record Entry(String tool, String callId, long startedNanos, long answeredNanos) {
  }

  private final Vertx vertx;
  private final Map<PlannedCall, Entry> reported = new ConcurrentHashMap<>();

  Overdue(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The call was answered and asked to stop; report it if it has not stopped after the grace. */
  void watch(PlannedCall call) {
    long answered = System.nanoTime();
    vertx.setTimer(GRACE_MS, fired -> {
      if (call.started && !call.stopped) {
        reported.put(call, new Entry(call.toolName, call.callId(), call.startNanos, answered));
        LOG.warn("Call {} ({}) has not stopped {} ms after it was answered; it still holds its paths", call.callId(),
          call.toolName, GRACE_MS);
      }
    });
  }

  /** The call's tool has stopped. */
  void ended(PlannedCall call) {
    call.stopped = true;
    Entry entry = reported.remove(call);
    if (entry != null) {
      LOG.info("Overdue call {} ({}) stopped {} ms after it was answered", entry.callId(), entry.tool(),
        (System.nanoTime() - entry.answeredNanos()) / 1_000_000);
    }
  }

  /** @return how many calls are overdue now */
  public int count() {
    return reported.size();
  }

  /**
   * @return the overdue calls, oldest first: {@code {"callId","tool","runningMs","overdueMs"}}, runningMs
   *   counted from its start and overdueMs from its answer
   */
  public JsonArray list() {
    long now = System.nanoTime();
    JsonArray list = new JsonArray();
    reported.values().stream().sorted(Comparator.comparingLong(Entry::answeredNanos)).forEach(entry -> list.add(
      new JsonObject().put("callId", entry.callId()).put("tool", entry.tool())
        .put("runningMs", (now - entry.startedNanos()) / 1_000_000)
        .put("overdueMs", (now - entry.answeredNanos()) / 1_000_000)));
    return list;
  }
}
