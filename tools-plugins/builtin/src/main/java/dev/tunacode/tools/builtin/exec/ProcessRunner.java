package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell command in a process group of its own, reads its output while it runs into bounded
 * captures, and stops it as a whole when the time is up ({@link GroupKill}). A command's leftover background processes
 * (still holding its output open after it exited) are ended too, after a short grace, rather than
 * keeping the call waiting for them. All blocking happens on the shared pool.
 */
final class ProcessRunner {

  static final int HEAD_BYTES = 64 * 1024;
  static final int TAIL_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  private static final long LEFTOVER_GRACE_MS = 250;
  // A process that left the group (setsid again) may hold the output open for ever; do not wait for it.
  private static final long DRAIN_LIMIT_MS = 5_000;
  private static final File NO_INPUT = new File("/dev/null");

  private final BlockingIo io;

  ProcessRunner(BlockingIo io) {
    this.io = io;
  }

  Future<CommandOutcome> run(String command, Path cwd, Map<String, String> env, long timeoutMs, boolean capture) {
    return io.run(() -> start(command, cwd, env, capture)).compose(process -> {
      BoundedCapture out = new BoundedCapture(HEAD_BYTES, TAIL_BYTES);
      BoundedCapture err = new BoundedCapture(HEAD_BYTES, TAIL_BYTES);
      CountDownLatch drained = new CountDownLatch(2);
      io.run(() -> drain(process.getInputStream(), out, drained));
      io.run(() -> drain(process.getErrorStream(), err, drained));
      return io.run(() -> await(process, timeoutMs, drained)).map(timedOut -> new CommandOutcome(process.exitValue(),
        timedOut, capture ? CapturedText.of(out) : CapturedText.none(), capture ? CapturedText.of(err) : CapturedText.none()));
    });
  }

  private static Process start(String command, Path cwd, Map<String, String> env, boolean capture) {
    // setsid makes the shell the leader of a new process group, so that a timeout can end everything it
    // started, grandchildren included.
    ProcessBuilder builder = new ProcessBuilder("setsid", "-w", "/bin/bash", "-c", command)
      .directory(cwd.toFile())
      .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    if (!capture) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new ToolException(ErrorCode.IO_ERROR, "Shell not found. Cannot execute command: " + command
        + "\nThis typically indicates a system configuration issue. (" + e.getMessage() + ")");
    }
  }

  private static Void drain(InputStream stream, BoundedCapture capture, CountDownLatch drained) throws IOException {
    try (stream) {
      byte[] buffer = new byte[16 * 1024];
      int read;
      while ((read = stream.read(buffer)) >= 0) {
        capture.write(buffer, 0, read);
      }
    } finally {
      drained.countDown();
    }
    return null;
  }

  private static Boolean await(Process process, long timeoutMs, CountDownLatch drained) throws InterruptedException {
    boolean timedOut = !process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    if (timedOut) {
      GroupKill.stop(process);
      process.waitFor();
    }
    if (!drained.await(LEFTOVER_GRACE_MS, TimeUnit.MILLISECONDS)) {
      GroupKill.killLeftovers(process);
      if (!drained.await(DRAIN_LIMIT_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("Output of process {} is still open after its group was killed; answering with what was read", process.pid());
      }
    }
    return timedOut;
  }
}
