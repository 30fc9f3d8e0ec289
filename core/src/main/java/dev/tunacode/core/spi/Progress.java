package dev.tunacode.core.spi;

import io.vertx.core.json.JsonObject;

/**
 * Where a tool sends parts of its output while it runs, for a client that asked for events: a command's
 * {@code {"stream":"stdout"|"stderr","data":…}}, a search's {@code {"matches":[…]}}. The host adds the
 * batch's and the call's ids, groups parts (at most one message every 50 ms or 16 KB per stream) and,
 * for a client that reads slowly, drops parts and says how many bytes it skipped, so sending never
 * blocks and never grows the host's memory. The call's result must still hold its whole output as if
 * nothing had been sent. Safe to call from any thread.
 */
@FunctionalInterface
public interface Progress {

  /** The sink of a call nobody listens to. */
  Progress NONE = part -> { };

  /** Sends one part of the output. */
  void send(JsonObject part);

  /** @return false when nobody listens, so a tool may skip building parts */
  default boolean wanted() {
    return this != NONE;
  }
}
