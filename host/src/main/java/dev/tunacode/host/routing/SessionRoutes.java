package dev.tunacode.host.routing;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where each session's requests go. A session's writes and commands go to one node of the workspace (its
 * pin), whose scheduler keeps their order. Its reads may go to any node that serves the workspace, least
 * busy first, so long as the session has no write in flight (a read after a write must see it, so it
 * goes where the write went). A write with no other write in flight goes where the session's reads in
 * flight are, when they are all on one node, and is pinned there. Otherwise it waits here, and every
 * request of the session after it, until the session's reads on other nodes have finished: no node sees
 * them, so no node could order the write after them. A route is kept while it has requests in flight or
 * held, and for {@link #LINGER_MS} after.
 */
final class SessionRoutes {

  /** How long an idle session keeps its pin. */
  static final long LINGER_MS = 60_000;

  static final class Route {
    final String key;
    String pinned;
    int writers;
    final Map<String, Integer> readsOn = new HashMap<>();
    final ArrayDeque<Forward> held = new ArrayDeque<>();
    long idleSince = System.nanoTime();

    Route(String key) {
      this.key = key;
    }

    boolean idle() {
      return writers == 0 && readsOn.isEmpty() && held.isEmpty();
    }

    int readsElsewhere(String node) {
      int elsewhere = 0;
      for (Map.Entry<String, Integer> reads : readsOn.entrySet()) {
        if (!reads.getKey().equals(node)) {
          elsewhere += reads.getValue();
        }
      }
      return elsewhere;
    }
  }

  private final Map<String, Route> routes = new HashMap<>();

  /** @return the session's route, made for a session not seen yet or forgotten */
  Route route(String key) {
    return routes.computeIfAbsent(key, Route::new);
  }

  /**
   * @param head whether the forward is the first of those held, being let go; any other forward waits
   *             behind held ones
   * @return where the forward goes now, or null when it must wait
   */
  WorkspaceNode place(Forward forward, Route route, List<WorkspaceNode> serving, Busyness busy, boolean head) {
    if (route == null) {
      return busy.least(serving);
    }
    if (!head && !route.held.isEmpty()) {
      return null;
    }
    WorkspaceNode pinned = named(serving, route.pinned);
    if (route.writers > 0 && pinned == null) {
      // Its node has left the directory with a write of the session on it: wait to hear how that ended.
      return null;
    }
    if (forward.readOnly) {
      return route.writers > 0 ? pinned : busy.least(serving);
    }
    WorkspaceNode target = route.writers > 0 ? pinned : writeTarget(route, pinned, serving, busy);
    if (route.readsElsewhere(target.node()) > 0) {
      return null;
    }
    route.pinned = target.node();
    return target;
  }

  // With no write of the session in flight, a write may go to any node: to the one its reads are on, if they
  // are all on one, whose scheduler orders it after them by their paths instead of this router after all of them.
  private static WorkspaceNode writeTarget(Route route, WorkspaceNode pinned, List<WorkspaceNode> serving, Busyness busy) {
    WorkspaceNode readsThere = route.readsOn.size() == 1 ? named(serving, route.readsOn.keySet().iterator().next()) : null;
    if (readsThere != null) {
      return readsThere;
    }
    return pinned != null ? pinned : busy.least(serving);
  }

  /** @return the node of that id among those serving, or null when it is not (or the id is null) */
  private static WorkspaceNode named(List<WorkspaceNode> serving, String id) {
    for (WorkspaceNode node : serving) {
      if (node.node().equals(id)) {
        return node;
      }
    }
    return null;
  }

  /** Holds a forward to be sent again in its place among the held ones, by the order they came in. */
  void holdInOrder(Route route, Forward forward) {
    java.util.List<Forward> ordered = new java.util.ArrayList<>(route.held);
    int at = 0;
    while (at < ordered.size() && ordered.get(at).seq < forward.seq) {
      at++;
    }
    ordered.add(at, forward);
    route.held.clear();
    route.held.addAll(ordered);
  }

  /** @return every session routed now */
  java.util.Collection<Route> all() {
    return routes.values();
  }

  /** The forward was sent to its node. */
  void sent(Route route, Forward forward) {
    if (forward.readOnly) {
      route.readsOn.merge(forward.node.node(), 1, Integer::sum);
    } else {
      route.writers++;
    }
  }

  /** The forward was answered (or settled for its node's loss). */
  void settled(Route route, Forward forward) {
    if (forward.readOnly) {
      route.readsOn.computeIfPresent(forward.node.node(), (node, count) -> count > 1 ? count - 1 : null);
    } else {
      route.writers--;
    }
    if (route.idle()) {
      route.idleSince = System.nanoTime();
    }
  }

  /** Forgets the sessions idle for longer than {@link #LINGER_MS}. */
  void sweep() {
    long now = System.nanoTime();
    for (Iterator<Route> it = routes.values().iterator(); it.hasNext(); ) {
      Route route = it.next();
      if (route.idle() && TimeUnit.NANOSECONDS.toMillis(now - route.idleSince) > LINGER_MS) {
        it.remove();
      }
    }
  }

  /** Chooses among the nodes of a workspace. */
  interface Busyness {
    /** @return the least busy of the nodes, which is not empty */
    WorkspaceNode least(List<WorkspaceNode> serving);
  }
}
