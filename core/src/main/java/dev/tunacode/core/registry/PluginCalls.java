package dev.tunacode.core.registry;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The calls of one loaded plugin that are running. A plugin being unloaded or replaced is retired: no
 * call enters it any more, and it is stopped only once those already in it have left, so that a call
 * that started on a version of a plugin ends on it.
 */
public final class PluginCalls {

  private final Promise<Void> drained = Promise.promise();
  private final java.util.concurrent.atomic.AtomicLong blockedLoops = new java.util.concurrent.atomic.AtomicLong();
  private int running;
  private boolean retired;

  /** @return true when the call may run, and is now counted; false once the plugin is retired */
  public synchronized boolean enter() {
    if (retired) {
      return false;
    }
    running++;
    return true;
  }

  /** Counts out a call that {@link #enter} let in, once its tool's future has completed. */
  public void exit() {
    boolean last;
    synchronized (this) {
      running--;
      last = retired && running == 0;
    }
    if (last) {
      drained.tryComplete();
    }
  }

  /** @return completed once no call runs and none can enter again */
  public Future<Void> retire() {
    boolean idle;
    synchronized (this) {
      retired = true;
      idle = running == 0;
    }
    if (idle) {
      drained.tryComplete();
    }
    return drained.future();
  }

  /** @return how many calls are running in it now */
  public synchronized int running() {
    return running;
  }

  /** Counts one time a tool of the plugin held an event loop too long. */
  public void blockedLoop() {
    blockedLoops.incrementAndGet();
  }

  /** @return how many times a tool of the plugin has held an event loop too long */
  public long blockedLoops() {
    return blockedLoops.get();
  }

  /** @return whether it takes no more calls */
  public synchronized boolean retired() {
    return retired;
  }
}
