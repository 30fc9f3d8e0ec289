package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.spi.BlockingIo;
import dev.tunacode.core.spi.Cancellation;
import dev.tunacode.core.spi.Progress;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a shell command in a process group of its own, reads its output while it runs into bounded
 * captures, and stops it as a whole when the time is up or the call is cancelled ({@link GroupKill}). A command's leftover background processes
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

  Future<CommandOutcome> run(String command, Path cwd, Map<String, String> env, long timeoutMs, boolean capture,
                             Cancellation cancellation, Progress progress) {
    if (cancellation.requested()) {
      return Future.failedFuture(new ToolException(ErrorCode.CANCELLED, "The command was cancelled before it started; it did not run."));
    }
    String token = UUID.randomUUID().toString();
    return io.run(() -> start(command, cwd, env, capture, token)).compose(process -> {
      BoundedCapture out = new BoundedCapture(HEAD_BYTES, TAIL_BYTES);
      BoundedCapture err = new BoundedCapture(HEAD_BYTES, TAIL_BYTES);
      CountDownLatch drained = new CountDownLatch(2);
      io.run(() -> drain(process.getInputStream(), out, new LiveText(progress, "stdout"), drained));
      io.run(() -> drain(process.getErrorStream(), err, new LiveText(progress, "stderr"), drained));
      return io.run(() -> await(process, token, timeoutMs, drained, cancellation)).map(end -> new CommandOutcome(process.exitValue(),
        end == End.TIMED_OUT, end == End.CANCELLED, capture ? CapturedText.of(out) : CapturedText.none(),
        capture ? CapturedText.of(err) : CapturedText.none()));
    });
  }

  private enum End { EXITED, TIMED_OUT, CANCELLED }

  private static Process start(String command, Path cwd, Map<String, String> env, boolean capture, String token) {
    // setsid makes the shell the leader of a new process group, so that a timeout can end everything it
    // started, grandchildren included.
    ProcessBuilder builder = new ProcessBuilder("setsid", "-w", "/bin/bash", "-c", command)
      .directory(cwd.toFile())
      .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    if (!capture) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    builder.environment().putAll(env);
    builder.environment().put(GroupKill.MARK, token);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new ToolException(ErrorCode.IO_ERROR, "Shell not found. Cannot execute command: " + command
        + "\nThis typically indicates a system configuration issue. (" + e.getMessage() + ")");
    }
  }

  private static Void drain(InputStream stream, BoundedCapture capture, LiveText live, CountDownLatch drained)
    throws IOException {
    try (stream) {
      byte[] buffer = new byte[16 * 1024];
      int read;
      while ((read = stream.read(buffer)) >= 0) {
        capture.write(buffer, 0, read);
        live.write(buffer, read);
      }
    } finally {
      drained.countDown();
    }
    return null;
  }

  // A cancel wakes this wait at once; the stopping is done here, on the pool, never by the one who asked.
  private static End await(Process process, String token, long timeoutMs, CountDownLatch drained, Cancellation cancellation)
    throws InterruptedException, ExecutionException {
    CompletableFuture<Object> asked = new CompletableFuture<>();
    cancellation.onRequest(() -> asked.complete(null));
    End end = End.EXITED;
    try {
      CompletableFuture.anyOf(process.onExit(), asked).get(timeoutMs, TimeUnit.MILLISECONDS);
      if (process.isAlive()) {
        end = cancellation.reason() == Cancellation.Reason.CANCELLED ? End.CANCELLED : End.TIMED_OUT;
      }
    } catch (TimeoutException e) {
      end = End.TIMED_OUT;
    }
    if (end != End.EXITED) {
      GroupKill.stop(process, token);
      process.waitFor();
    }
    if (!drained.await(LEFTOVER_GRACE_MS, TimeUnit.MILLISECONDS)) {
      GroupKill.killLeftovers(process, token);
      if (!drained.await(DRAIN_LIMIT_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("Output of process {} is still open after its group was killed; answering with what was read", process.pid());
      }
    }
    return end;
  }
}
