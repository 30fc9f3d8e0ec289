package dev.tunacode.core.coordinator;

import io.vertx.core.json.JsonObject;

/**
 * The one place the wire's envelopes are built: {@code {"ok":true,"output"}}, {@code {"ok":false,"error"}},
 * and a call's result around either. The error inside comes from {@link CallErrors}.
 */
public final class Envelopes {

  private Envelopes() {
  }

  /**
   * @param cached true for an earlier call's output served again
   * @return {@code {"ok":true,"output":…,"cached"?}}, a tool's own address's answer
   */
  public static JsonObject ok(JsonObject output, boolean cached) {
    JsonObject ok = new JsonObject().put("ok", true).put("output", output);
    return cached ? ok.put("cached", true) : ok;
  }

  /** @return {@code {"ok":false,"error":…}}: a failed tool, or a request that could not be taken */
  public static JsonObject failed(JsonObject error) {
    return new JsonObject().put("ok", false).put("error", error);
  }

  /**
   * @param callId null for a call refused before it had one
   * @return a call's result without its output, error or timing: {@code {"id","callId"?,"tool","ok"}}
   */
  public static JsonObject result(Object id, String callId, Object tool, boolean ok) {
    JsonObject result = new JsonObject().put("id", id);
    if (callId != null) {
      result.put("callId", callId);
    }
    return result.put("tool", tool).put("ok", ok);
  }
}
