package dev.tunacode.host.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the frames the bridge lets out to one connection, in the order it let them out, when they cannot
 * be left to the bridge: a large one, encoded on a worker rather than on the event loop (a reply of 30 MB
 * took the loop most of a second), and any that comes while one is still being encoded. The bytes are those
 * the bridge itself would have written, {@code Buffer.buffer(envelope.encode())}, written from the
 * connection's own context.
 */
final class OutboundFrames {

  /** A frame whose bound is over this is encoded on a worker; below it, encoding takes a few milliseconds at most. */
  static final long LARGE = 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(OutboundFrames.class);

  private final BridgeSocket socket;
  private final Context context;
  private Future<Void> last = Future.succeededFuture();
  private int queued;

  /** @param context the connection's own context, on which the bridge hands out its frames */
  OutboundFrames(BridgeSocket socket, Context context) {
    this.socket = socket;
    this.context = context;
  }

  /** @return whether the bridge may write the frame itself: it is small and nothing is waiting before it */
  boolean leaveToBridge(JsonObject envelope) {
    return queued == 0 && !JsonSizeBound.exceeds(envelope, LARGE);
  }

  /** Writes the frame after those before it; a large one is encoded on a worker meanwhile. */
  void write(JsonObject envelope) {
    queued++;
    Future<Buffer> encoded = JsonSizeBound.exceeds(envelope, LARGE)
      ? context.executeBlocking(() -> encode(envelope), false) : null;
    last = last.transform(before -> encoded != null ? encoded : Future.succeededFuture(encode(envelope)))
      .transform(done -> {
        queued--;
        if (done.succeeded()) {
          return socket.write(done.result()).otherwiseEmpty();
        }
        // The client must not wait for ever for a reply the host has, but cannot send.
        LOG.error("Could not encode a frame for bridge client {}", socket.remoteAddress(), done.cause());
        socket.refuse(ErrorFrames.refusal(envelope.getString("address"), 500, "The host could not encode this message: "
          + done.cause().getMessage()));
        return Future.succeededFuture();
      });
  }

  private static Buffer encode(JsonObject envelope) {
    return Buffer.buffer(envelope.encode());
  }
}
