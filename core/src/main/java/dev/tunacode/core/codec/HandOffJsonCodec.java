package dev.tunacode.core.codec;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * A JSON codec for replies the sender hands off and never touches again: on the same node it passes
 * the object itself instead of the deep copy Vert.x's own JSON codec makes. A batch with a quarter of a
 * million grep matches spent longer being copied than being found. Across nodes it writes the same
 * bytes as Vert.x's codec.
 */
public final class HandOffJsonCodec implements MessageCodec<JsonObject, JsonObject> {

  /** The codec's name on the event bus. */
  public static final String NAME = "tunacode.handoff-json";

  /** Delivery options that select this codec. */
  public static final DeliveryOptions HAND_OFF = new DeliveryOptions().setCodecName(NAME);

  /** Registers the codec on this Vert.x instance unless it already is. */
  public static synchronized void registerOn(Vertx vertx) {
    try {
      vertx.eventBus().registerCodec(new HandOffJsonCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another host on the same instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, JsonObject json) {
    Buffer encoded = json.toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public JsonObject decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return new JsonObject(buffer.slice(pos + 4, pos + 4 + length));
  }

  @Override
  public JsonObject transform(JsonObject json) {
    return json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
