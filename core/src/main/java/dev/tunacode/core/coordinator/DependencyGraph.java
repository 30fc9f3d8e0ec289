package dev.tunacode.core.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * Links each call to the earlier calls it must wait for, so that running the graph gives the same
 * result as running the calls one by one.
 * <p>
 * A call that may touch everything is a barrier: it waits for every call since the previous barrier,
 * and every later call waits for it. Between barriers, a call waits only for the earlier calls whose
 * footprint conflicts with its own. Calls without footprint are compared with nothing, which keeps
 * large batches of such calls linear.
 */
final class DependencyGraph {

  private DependencyGraph() {
  }

  static void link(List<PlannedCall> calls) {
    PlannedCall barrier = null;
    List<PlannedCall> sinceBarrier = new ArrayList<>();
    List<PlannedCall> withPaths = new ArrayList<>();
    for (PlannedCall call : calls) {
      if (call.failedEarly()) {
        continue;
      }
      if (call.resolved.everything()) {
        if (barrier != null) {
          call.dependsOn(barrier);
        }
        sinceBarrier.forEach(call::dependsOn);
        barrier = call;
        sinceBarrier.clear();
        withPaths.clear();
        continue;
      }
      if (barrier != null) {
        call.dependsOn(barrier);
      }
      if (!call.resolved.isEmpty()) {
        for (PlannedCall earlier : withPaths) {
          if (earlier.resolved.conflictsWith(call.resolved)) {
            call.dependsOn(earlier);
          }
        }
        withPaths.add(call);
      }
      sinceBarrier.add(call);
    }
  }
}
