package dev.tunacode.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An attacker beside the host: swaps a folder for a symlink to somewhere else and back, as fast as it
 * can, on a thread of its own ({@code mv d d.real; ln -s target d; rm d; mv d.real d}). A folder that a
 * writer made in the gap is moved aside. Closing it stops the loop and leaves the folder in place.
 */
public final class SwapLoop implements AutoCloseable {

  private static final long PAUSE_NANOS = 30_000;

  private final Path folder;
  private final Path real;
  private final Path target;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger swaps = new AtomicInteger();
  private final Thread thread;
  private int aside;

  private SwapLoop(Path folder, Path target) {
    this.folder = folder;
    this.real = folder.resolveSibling(folder.getFileName() + ".real");
    this.target = target;
    this.thread = new Thread(this::loop, "swap-loop");
  }

  /** Starts swapping {@code folder} (an existing folder) with a link to {@code target}. */
  public static SwapLoop start(Path folder, Path target) {
    SwapLoop loop = new SwapLoop(folder, target);
    loop.thread.start();
    return loop;
  }

  /** @return how many times the folder was swapped out and back */
  public int swaps() {
    return swaps.get();
  }

  private void loop() {
    while (running.get()) {
      try {
        Files.move(folder, real);
        Files.createSymbolicLink(folder, target);
        Files.delete(folder);
        Files.move(real, folder);
        swaps.incrementAndGet();
        // Leave the folder in place for a moment, so that calls meet it as often as they meet the link.
        LockSupport.parkNanos(PAUSE_NANOS);
      } catch (IOException lostARace) {
        restore();
      }
    }
    restore();
  }

  private void restore() {
    while (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
      try {
        if (Files.isSymbolicLink(folder)) {
          Files.delete(folder);
        } else if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
          Files.move(folder, folder.resolveSibling(folder.getFileName() + ".made-" + aside++));
        }
        Files.move(real, folder);
      } catch (IOException again) {
        // A writer made the folder again in the gap; go round.
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
