package dev.tunacode.host.cli;

import dev.tunacode.host.runtime.HostRuntime;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a serving command running until the process is told to stop (Ctrl-C, TERM), then closes its host.
 */
final class UntilStopped {

  private final CountDownLatch stopped = new CountDownLatch(1);

  /** Closes the host when the process ends. */
  UntilStopped(HostRuntime runtime) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runtime.close();
      } catch (Exception ignored) {
        // the process is ending either way
      } finally {
        stopped.countDown();
      }
    }, "tunahost-shutdown"));
  }

  /** Waits until the host has been closed. */
  void await() throws InterruptedException {
    stopped.await();
  }
}
