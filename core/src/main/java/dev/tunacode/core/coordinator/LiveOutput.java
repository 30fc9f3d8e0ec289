package dev.tunacode.core.coordinator;

import dev.tunacode.core.codec.HandOffJsonCodec;
import dev.tunacode.core.spi.Progress;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running call's {@link Progress} for a batch with an events address: it gathers what the tool sends,
 * per stream, and publishes it at most every {@link #EVERY_MS} ms or {@link #CHUNK_CHARS} characters, as
 * {@code {"type":"output","batchId","callId","index","stream","data"}} (a search's matches as
 * {@code "matches"}). What waits is bounded: past {@link #MAX_WAITING_CHARS} per stream, text is dropped and
 * counted, and the next message says {@code "skipped"}: how many characters of that stream were left
 * out. Tools send from their own threads; publishing happens on the coordinator's loop.
 */
final class LiveOutput implements Progress {

  static final long EVERY_MS = 50;
  static final int CHUNK_CHARS = 16 * 1024;
  static final int MAX_WAITING_CHARS = 64 * 1024;
  static final int MAX_WAITING_MATCHES = 1_000;

  private static final class Stream {
    final StringBuilder data = new StringBuilder();
    JsonArray matches = new JsonArray();
    long skipped;
  }

  private final Vertx vertx;
  private final Context context;
  private final PlannedCall call;
  private final String address;
  private final Map<String, Stream> streams = new LinkedHashMap<>();
  private boolean flushPlanned;
  private boolean closed;
  private long lastFlushNanos;

  LiveOutput(Vertx vertx, Context context, PlannedCall call, String address) {
    this.vertx = vertx;
    this.context = context;
    this.call = call;
    this.address = address;
  }

  @Override
  public void send(JsonObject part) {
    String name = part.getString("stream", "matches");
    boolean full;
    synchronized (this) {
      if (closed) {
        return;
      }
      Stream stream = streams.computeIfAbsent(name, key -> new Stream());
      full = add(stream, part);
      if (flushPlanned) {
        return;
      }
      flushPlanned = true;
    }
    long sinceLast = (System.nanoTime() - lastFlushNanos) / 1_000_000;
    if (full || sinceLast >= EVERY_MS) {
      context.runOnContext(v -> flush());
    } else {
      context.runOnContext(v -> vertx.setTimer(EVERY_MS - sinceLast, fired -> flush()));
    }
  }

  private static boolean add(Stream stream, JsonObject part) {
    String data = part.getString("data");
    if (data != null) {
      int room = MAX_WAITING_CHARS - stream.data.length();
      if (data.length() <= room) {
        stream.data.append(data);
      } else {
        stream.data.append(data, 0, Math.max(0, room));
        stream.skipped += data.length() - Math.max(0, room);
      }
      return stream.data.length() >= CHUNK_CHARS;
    }
    JsonArray matches = part.getJsonArray("matches");
    if (matches != null) {
      int room = MAX_WAITING_MATCHES - stream.matches.size();
      for (int i = 0; i < matches.size() && i < room; i++) {
        stream.matches.add(matches.getValue(i));
      }
      stream.skipped += Math.max(0, matches.size() - room);
    }
    return stream.matches.size() >= MAX_WAITING_MATCHES;
  }

  /** Publishes what has gathered; on the coordinator's loop. */
  void flush() {
    flush(false);
  }

  private void flush(boolean closing) {
    Map<String, JsonObject> ready = new LinkedHashMap<>();
    synchronized (this) {
      if (closed) {
        return; // a flush planned before the call ended: what it would send went out with the last one
      }
      closed = closing;
      flushPlanned = false;
      lastFlushNanos = System.nanoTime();
      streams.forEach((name, stream) -> {
        if (stream.data.isEmpty() && stream.matches.isEmpty() && stream.skipped == 0) {
          return;
        }
        JsonObject event = new JsonObject().put("type", "output").put("batchId", call.batch.id())
          .put("callId", call.callId()).put("index", call.index);
        if ("matches".equals(name)) {
          event.put("matches", stream.matches);
          stream.matches = new JsonArray();
        } else {
          event.put("stream", name).put("data", stream.data.toString());
          stream.data.setLength(0);
        }
        if (stream.skipped > 0) {
          event.put("skipped", stream.skipped);
          stream.skipped = 0;
        }
        ready.put(name, event);
      });
    }
    ready.values().forEach(event -> vertx.eventBus().publish(address, event, HandOffJsonCodec.HAND_OFF));
  }

  /** The call has ended: what is left goes out now, before its result, and nothing after. */
  void close() {
    flush(true);
  }
}
