package dev.tunacode.core.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a running tool to stop: its caller cancelled it, or its time is up. The coordinator has already
 * answered the call, or will answer it with what the tool returns; either way nothing more the tool does
 * is wanted, and a tool that starts something it can end (a process, a search) should end it.
 * <p>
 * A tool learns of the request in one of two ways. Blocking work on the shared pool checks
 * {@link #requested()} between steps (a search between files), or calls {@link #throwIfRequested()}.
 * Work that waits (a process) registers {@link #onRequest} to be woken. Until the tool's future
 * completes, the call keeps its paths: later calls that conflict with it wait, however long it takes.
 * A host-made signal; tools only read it.
 */
public final class Cancellation {

  /** Why a call is asked to stop. */
  public enum Reason {
    /** A client cancelled it ({@code tunacode.cancel}, or its connection closed). */
    CANCELLED,
    /** It ran past its time limit. */
    TIMED_OUT
  }

  private volatile Reason reason;
  private List<Runnable> actions = new ArrayList<>(1);

  /** @return true once the call has been asked to stop */
  public boolean requested() {
    return reason != null;
  }

  /** @return why the call was asked to stop, or null while it was not */
  public Reason reason() {
    return reason;
  }

  /**
   * Runs {@code action} when the call is asked to stop, or at once, on this thread, if it has been. The
   * action runs on the thread that asks, which may be an event loop: it must be quick and must never
   * block. Wake a waiting thread from it; do not do the stopping in it.
   */
  public void onRequest(Runnable action) {
    synchronized (this) {
      if (reason == null) {
        actions.add(action);
        return;
      }
    }
    action.run();
  }

  /**
   * Throws the failure a call stopped for this reason ends with, when it has been asked to stop.
   *
   * @throws ToolException {@code CANCELLED} or {@code TIMEOUT}
   */
  public void throwIfRequested() {
    Reason now = reason;
    if (now == Reason.CANCELLED) {
      throw new ToolException(ErrorCode.CANCELLED, "The call was cancelled before it finished.");
    }
    if (now == Reason.TIMED_OUT) {
      throw new ToolException(ErrorCode.TIMEOUT, "The call ran past its time limit and was stopped.");
    }
  }

  /**
   * Asks the call to stop. The host calls this; a tool never needs to.
   *
   * @return false when the call had been asked already (the first reason stands)
   */
  public boolean request(Reason why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return false;
      }
      reason = why;
      toRun = actions;
      actions = List.of();
    }
    toRun.forEach(Runnable::run);
    return true;
  }
}
