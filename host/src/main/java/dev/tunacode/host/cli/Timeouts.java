package dev.tunacode.host.cli;

import java.util.concurrent.TimeUnit;

/**
 * How long a command waits for its reply, and what it says when the wait is over.
 */
final class Timeouts {

  /** A batch may run several commands of up to five minutes each one after another. */
  static final long DEFAULT_SECONDS = 600;

  private Timeouts() {
  }

  static IllegalStateException noReply(long timeoutMs) {
    return new IllegalStateException("no reply from the host within " + TimeUnit.MILLISECONDS.toSeconds(timeoutMs)
      + " s; the request may still be running there. Give more time with --timeout SECONDS.");
  }
}
