package dev.tunacode.core.spi;

import io.vertx.core.Future;

import java.util.concurrent.Callable;

/**
 * The shared {@code tunacode-io} worker pool. Every blocking file or process operation of a tool goes
 * through here, never through an event loop and never through a pool of the tool's own.
 * Work submitted here is unordered: calls from the same tool overlap.
 */
public interface BlockingIo {

  /**
   * Runs blocking work on the shared pool.
   *
   * @param work the blocking work
   * @return a future completed on the caller's context with the work's result or failure
   */
  <T> Future<T> run(Callable<T> work);
}
