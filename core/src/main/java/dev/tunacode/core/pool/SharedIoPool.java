package dev.tunacode.core.pool;

import dev.tunacode.core.spi.BlockingIo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The one {@code tunacode-io} worker executor of a host. Submissions are unordered so that calls of the
 * same tool overlap.
 */
public final class SharedIoPool implements BlockingIo, AutoCloseable {

  /** The pool's name, as it shows in thread names and metrics. */
  public static final String NAME = "tunacode-io";

  private final WorkerExecutor executor;
  private final int size;

  /**
   * @param vertx          the instance that owns the pool
   * @param size           threads
   * @param maxExecuteTime how long one task may run before Vert.x warns, in {@code unit}
   * @param unit           the unit of {@code maxExecuteTime}; Vert.x reads a bare number as nanoseconds
   */
  public SharedIoPool(Vertx vertx, int size, long maxExecuteTime, TimeUnit unit) {
    if (size < 1) {
      throw new IllegalArgumentException("io pool size must be at least 1, was " + size);
    }
    this.size = size;
    this.executor = vertx.createSharedWorkerExecutor(NAME, size, maxExecuteTime, unit);
  }

  @Override
  public <T> Future<T> run(Callable<T> work) {
    return executor.executeBlocking(work, false);
  }

  /** @return the number of threads */
  public int size() {
    return size;
  }

  @Override
  public void close() {
    executor.close();
  }
}
