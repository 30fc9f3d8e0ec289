package dev.tunacode.core.coordinator;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonObject;

/**
 * A checked {@code tunacode.cancel} request: the calls of one batch (or one call of it), of a session,
 * or of a bridge connection.
 *
 * @param batchId    the batch whose calls to cancel, or null
 * @param callId     with {@code batchId}, the one call to cancel: its host-wide {@code callId} or its own
 *                   {@code id} in the batch; or null for all of the batch
 * @param session    the session whose calls to cancel, or null
 * @param connection the bridge connection whose calls to cancel, or null (set by the bridge)
 * @param reason     a few words on why, for the answers, or null
 */
record CancelRequest(String batchId, String callId, String session, String connection, String reason) {

  private static final String SHAPE = "Send {\"batchId\":\"…\"}, {\"batchId\":\"…\",\"callId\":\"…\"} or {\"session\":\"…\"}.";

  static CancelRequest parse(JsonObject body) {
    String batchId = BatchRequest.name(body, "batchId");
    String callId = BatchRequest.name(body, "callId");
    String session = BatchRequest.name(body, "session");
    String connection = BatchRequest.name(body, "connection");
    String reason = BatchRequest.name(body, "reason");
    int named = (batchId != null ? 1 : 0) + (session != null ? 1 : 0) + (connection != null ? 1 : 0);
    if (named != 1) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "Name exactly one of 'batchId', 'session' or 'connection' to say "
        + "what to cancel. " + SHAPE);
    }
    if (callId != null && batchId == null) {
      throw new ToolException(ErrorCode.INVALID_ARGS, "A 'callId' is cancelled within its batch: give its 'batchId' too. " + SHAPE);
    }
    return new CancelRequest(batchId, callId, session, connection, reason);
  }

  /** @return what was named, for the reply's text */
  String target() {
    if (batchId != null) {
      return callId != null ? "call '" + callId + "' of batch '" + batchId + "'" : "batch '" + batchId + "'";
    }
    return session != null ? "session '" + session + "'" : "this connection";
  }

  boolean matches(Batch batch) {
    if (batchId != null) {
      return batchId.equals(batch.id());
    }
    return session != null ? session.equals(batch.session()) : connection.equals(batch.connection());
  }

  /** @param batch the call's batch, which a call of a batch not yet admitted does not know yet */
  boolean matches(Batch batch, PlannedCall call) {
    return callId == null || callId.equals(batch.id() + "/" + call.index) || callId.equals(String.valueOf(call.id));
  }
}
