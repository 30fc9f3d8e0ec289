package dev.tunacode.core.spi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One tool an agent can call.
 * <p>
 * A tool says what it is with one {@link ToolSpec}, checked when it is made; {@link #name()}, {@link #kind()},
 * {@link #description()} and {@link #schema()} read it. A minimal tool:
 * <pre>{@code
 * public final class EchoTool implements Tool {
 *
 *   private static final ToolSpec SPEC = new ToolSpec("echo", ToolKind.READ_ONLY, "Returns its text.",
 *     ArgsSchema.object().string("text", "What to echo.").required("text").build());
 *
 *   public ToolSpec spec() {
 *     return SPEC;
 *   }
 *
 *   public Footprint footprint(JsonObject args) {
 *     return Footprint.none();
 *   }
 *
 *   public Future<JsonObject> execute(ToolCall call) {
 *     return Future.succeededFuture(new JsonObject().put("text", call.args().getString("text")));
 *   }
 * }
 * }</pre>
 * The host checks arguments against {@link #schema()} before it calls {@link #footprint} or
 * {@link #execute}, so both may rely on the declared types. {@code execute} runs on an event
 * loop (the coordinator calls local tools directly; the tool's verticle serves its address for
 * everyone else), must never block it, and reaches blocking work only through {@link ToolContext#io()}.
 */
public interface Tool {

  /** Default per-call time limit, used when a tool does not choose its own. */
  long DEFAULT_TIMEOUT_MS = 60_000;

  /** @return the tool's name, kind, description and argument schema; the same value on every call */
  ToolSpec spec();

  /** @return the name agents call it by, e.g. {@code read_file} */
  default String name() {
    return spec().name();
  }

  /** @return what the tool does to the world */
  default ToolKind kind() {
    return spec().kind();
  }

  /** @return one line for the tool list */
  default String description() {
    return spec().description();
  }

  /**
   * @return a JSON schema of the arguments: an object with {@code properties} (each a {@code type} of
   * string, integer, number, boolean, array or object, and optionally {@code minimum}, {@code maximum},
   * {@code enum}, {@code default}, {@code description}) and {@code required}. Unknown fields are refused
   * unless {@code additionalProperties} is true. By default the spec's schema, a new copy on every call.
   */
  default JsonObject schema() {
    return spec().schema();
  }

  /**
   * @return a JSON schema of the output's fields besides {@code text}, for clients that read them as data
   * (an MCP client gets it as the tool's {@code outputSchema}); every output it describes must conform.
   * By default any object, which every output is.
   */
  default JsonObject outputSchema() {
    return new JsonObject().put("type", "object");
  }

  /**
   * What the call will touch, computed from already validated arguments. Must be cheap and must not do
   * I/O: paths stay as the agent wrote them and the coordinator resolves them.
   *
   * @param args validated arguments
   * @return the footprint; {@link Footprint#everything()} for anything that cannot be known in advance
   */
  Footprint footprint(JsonObject args);

  /**
   * Runs the call.
   *
   * @param call validated arguments and the call's time limit
   * @return the output, with at least a {@code text} field; a {@link ToolException} for expected failures
   */
  Future<JsonObject> execute(ToolCall call);

  /**
   * Whether the host may answer a call from an earlier call's output. Only a {@link ToolKind#READ_ONLY}
   * tool whose footprint names paths is asked, and it should say yes only when a complete, successful
   * output depends on nothing but its arguments and what is at or under those paths, so that the host
   * can tell when it stops being true: not on the clock, the network, the environment or the rest of the
   * disk. An output with {@code "truncated": true} is never reused, nor is a failure. Asked once, when the
   * tool is registered.
   *
   * @return false by default: a tool's output is computed again on every call
   * @since 1.1
   */
  default boolean cacheable() {
    return false;
  }

  /** @return the time limit of one call unless a batch overrides it */
  default long defaultTimeoutMs() {
    return DEFAULT_TIMEOUT_MS;
  }
}
