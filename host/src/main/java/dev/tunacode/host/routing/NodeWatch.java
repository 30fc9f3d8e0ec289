package dev.tunacode.host.routing;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hears members join and leave from Hazelcast itself. The Vert.x cluster manager has room for one node
 * listener, which Vert.x's own HA takes; a listener of Hazelcast's sits beside it and breaks neither.
 * Vert.x's node id is not the member's UUID: vertx-hazelcast keeps it in the member attribute
 * {@value #NODE_ID_ATTRIBUTE}.
 */
public final class NodeWatch {

  /** The member attribute vertx-hazelcast keeps a member's Vert.x node id in. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final HazelcastInstance hazelcast;
  private UUID registration;

  /**
   * @param context where {@code left} and {@code joined} run
   */
  public NodeWatch(HazelcastInstance hazelcast, Context context, Consumer<String> joined, Consumer<String> left) {
    this.hazelcast = hazelcast;
    this.registration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        String node = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (node != null) {
          context.runOnContext(go -> joined.accept(node));
        }
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String node = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (node != null) {
          context.runOnContext(go -> left.accept(node));
        }
      }
    });
  }

  /** Stops hearing. */
  public void close() {
    if (registration != null) {
      try {
        hazelcast.getCluster().removeMembershipListener(registration);
      } catch (RuntimeException e) {
        // Hazelcast is shutting down: nothing more will be heard either way.
      }
      registration = null;
    }
  }
}
