package dev.tunacode.core.cache;

/**
 * Hears what a workspace's result cache does, for metrics. Called on the shared pool and on event loops:
 * an implementation must be quick, thread-safe and must not block.
 */
public interface CacheListener {

  /** A listener that hears nothing. */
  CacheListener NONE = new CacheListener() {
  };

  /** A call of {@code tool} was answered from the cache. */
  default void hit(String tool) {
  }

  /** A call of {@code tool} that could have been answered from the cache ran its tool instead. */
  default void miss(String tool) {
  }

  /** A result of {@code tool} of about {@code bytes} was stored. */
  default void stored(String tool, long bytes) {
  }

  /** A result of {@code tool} was evicted to keep the cache within its bound. */
  default void evicted(String tool, long bytes) {
  }

  /** A result of {@code tool} was found no longer true, and dropped, because of {@code cause}. */
  default void invalidated(String tool, Cause cause, long bytes) {
  }

  /** A result of {@code tool} was let go for another reason: a newer one of the same call took its place, or the cache closed. */
  default void dropped(String tool, long bytes) {
  }
}
