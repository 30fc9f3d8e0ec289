package dev.tunacode.core.coordinator;

import dev.tunacode.core.registry.ToolRegistry;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Notices a tool whose {@code execute} holds an event loop too long, and names the plugin it came from.
 * Vert.x's own blocked-thread checker warns too, with a stack, but cannot say whose code it is; this one
 * logs the plugin and the tool, and counts it against the plugin, so that its status shows it. It looks
 * from a thread of its own, since the loop it watches is the one that is stuck.
 */
public final class LoopWatch implements AutoCloseable {

  /** How long a tool may hold an event loop before it is reported; Vert.x's own warning comes at the same time. */
  public static final long DEFAULT_LIMIT_MS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(LoopWatch.class);

  private static final class Inside {
    final ToolRegistry.Entry entry;
    final long sinceNanos;
    boolean reported;

    Inside(ToolRegistry.Entry entry, long sinceNanos) {
      this.entry = entry;
      this.sinceNanos = sinceNanos;
    }
  }

  private final Map<Thread, Inside> inside = new ConcurrentHashMap<>();
  private final long limitNanos;
  private final ScheduledExecutorService checker;

  public LoopWatch(long limitMs) {
    this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMs);
    this.checker = Executors.newSingleThreadScheduledExecutor(work -> {
      Thread thread = new Thread(work, "tunacode-loop-watch");
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(10, limitMs / 4);
    checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
  }

  /** @return true when the call is watched, and {@link #left} must follow */
  boolean entered(ToolRegistry.Entry entry) {
    if (!Context.isOnEventLoopThread()) {
      return false;
    }
    inside.put(Thread.currentThread(), new Inside(entry, System.nanoTime()));
    return true;
  }

  void left() {
    inside.remove(Thread.currentThread());
  }

  private void check() {
    long now = System.nanoTime();
    inside.forEach((thread, call) -> {
      if (!call.reported && now - call.sinceNanos >= limitNanos) {
        call.reported = true;
        call.entry.calls().blockedLoop();
        String stack = Arrays.stream(thread.getStackTrace()).limit(12).map(frame -> "\n\tat " + frame).collect(Collectors.joining());
        LOG.error("Plugin '{}' has held event loop thread {} for {} ms in {}.execute; a tool must not block: do the "
            + "blocking work through ToolContext.io(). Every call on that loop waits meanwhile, and the host's own calls are coordinated on one loop.{}",
          call.entry.plugin(), thread.getName(), TimeUnit.NANOSECONDS.toMillis(now - call.sinceNanos),
          call.entry.name(), stack);
      }
    });
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
