package dev.tunacode.tools.builtin.search;

import io.vertx.core.json.JsonObject;

/**
 * Where a search spent its time, in milliseconds, for benchmarks and curious programs.
 */
final class Phases {

  private Phases() {
  }

  static JsonObject of(Object... namesAndNanos) {
    JsonObject phases = new JsonObject();
    for (int i = 0; i < namesAndNanos.length; i += 2) {
      phases.put((String) namesAndNanos[i], Math.round((Long) namesAndNanos[i + 1] / 1e4) / 100.0);
    }
    return phases;
  }
}
