package dev.tunacode.core.coordinator;

import dev.tunacode.core.cache.CacheListener;

/**
 * Hears what the coordinator does, for metrics. Called on the coordinator's event loop: an
 * implementation must be quick and must not block.
 */
public interface CoordinatorListener {

  /** A listener that hears nothing. */
  CoordinatorListener NONE = new CoordinatorListener() {
  };

  /** A call of {@code tool} started running. */
  default void callStarted(String tool) {
  }

  /**
   * A call ended: it ran and finished, or it failed before it could run ({@code runNanos} 0, and no
   * {@link #callStarted} before).
   *
   * @param errorCode the error code, or null when the call succeeded
   */
  default void callEnded(String tool, String errorCode, long queuedNanos, long runNanos, boolean ran) {
  }

  /** A batch finished. */
  default void batchEnded(int calls, double wallMs, double speedup) {
  }

  /** @return what hears the workspace's result cache; called once, when the host starts */
  default CacheListener cache() {
    return CacheListener.NONE;
  }
}
