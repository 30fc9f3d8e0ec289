package dev.tunacode.host.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forwards sent and not answered, by node (in the order they were sent) and by batch id, with how
 * many calls each node has from this router.
 */
final class InFlight {

  private final Map<String, LinkedHashMap<Long, Forward>> byNode = new HashMap<>();
  private final Map<String, Integer> callsByNode = new HashMap<>();
  private final Map<String, Forward> byBatch = new HashMap<>();

  void add(Forward forward) {
    byNode.computeIfAbsent(forward.node.node(), node -> new LinkedHashMap<>()).put(forward.seq, forward);
    callsByNode.merge(forward.node.node(), forward.tools.size(), Integer::sum);
    byBatch.put(forward.batchId, forward);
  }

  /** @return whether it was in flight; false once its node's loss has settled it */
  boolean remove(Forward forward) {
    LinkedHashMap<Long, Forward> onNode = byNode.get(forward.node.node());
    if (onNode == null || onNode.remove(forward.seq) == null) {
      return false;
    }
    if (onNode.isEmpty()) {
      byNode.remove(forward.node.node());
    }
    callsByNode.computeIfPresent(forward.node.node(), (node, calls) -> calls > forward.tools.size() ? calls - forward.tools.size() : null);
    byBatch.remove(forward.batchId, forward);
    return true;
  }

  /** @return every forward in flight on the node, in the order they were sent, no longer in flight */
  List<Forward> take(String node) {
    LinkedHashMap<Long, Forward> onNode = byNode.remove(node);
    callsByNode.remove(node);
    if (onNode == null) {
      return List.of();
    }
    onNode.values().forEach(forward -> byBatch.remove(forward.batchId, forward));
    return new ArrayList<>(onNode.values());
  }

  /** @return the forward of that batch id, or null */
  Forward batch(String batchId) {
    return byBatch.get(batchId);
  }

  /** @return the calls this router has in flight on the node */
  int calls(String node) {
    return callsByNode.getOrDefault(node, 0);
  }
}
