package dev.tunacode.host.mcp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * MCP over stdio: one JSON-RPC message a line on stdin, each answer a line on stdout, and nothing else
 * there (logs go to stderr). Lines are read and parsed on a thread of their own and handed to the
 * protocol's loop without waiting for answers, so that a client's concurrent calls run concurrently;
 * answers are written on another thread, in the order they are made. One process is one session.
 * <p>
 * The reading thread may block, so it also looks each {@code tools/call} up in the result cache before
 * handing it on: a read answered from the cache then crosses the threads a {@code ping} does, with no
 * hand-off to the pool for its lookup.
 */
public final class McpStdio {

  private static final Logger LOG = LoggerFactory.getLogger(McpStdio.class);

  private final Context context;
  private final McpProtocol protocol;
  private final InputStream in;
  private final OutputStream out;
  private final int maxLineBytes;
  /** Notifications wait behind at most this many bytes not yet written to stdout. */
  static final long MAX_PENDING_BYTES = 8L << 20;
  private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(run -> {
    Thread thread = new Thread(run, "tunacode-mcp-stdout");
    thread.setDaemon(true);
    return thread;
  });

  private final BiConsumer<String, JsonObject> lookAhead;

  /**
   * @param context      the protocol's loop
   * @param maxLineBytes a longer line is refused as a whole, and the next one read
   */
  public McpStdio(Context context, McpProtocol protocol, InputStream in, OutputStream out, int maxLineBytes) {
    this(context, protocol, in, out, maxLineBytes, (tool, args) -> {
    });
  }

  /**
   * @param lookAhead told of each {@code tools/call}'s tool and arguments on the reading thread, before the
   *                  call is handed on: the served workspace's {@code ToolHost#lookAhead}; may block, must not throw
   */
  public McpStdio(Context context, McpProtocol protocol, InputStream in, OutputStream out, int maxLineBytes,
                  BiConsumer<String, JsonObject> lookAhead) {
    this.context = context;
    this.protocol = protocol;
    this.in = in;
    this.out = out;
    this.maxLineBytes = maxLineBytes;
    this.lookAhead = lookAhead;
  }

  /**
   * Serves the session until stdin ends; then ends the session, which cancels its calls.
   *
   * @param workspace the workspace the calls name, or null for the host's default
   * @return completes once stdin has ended and the session is closed
   */
  public Future<Void> serve(String workspace) {
    Promise<McpSession> opened = Promise.promise();
    context.runOnContext(v -> protocol.open(workspace).onComplete(opened));
    Promise<Void> ended = Promise.promise();
    opened.future().onComplete(open -> {
      if (open.failed()) {
        ended.fail(open.cause());
        return;
      }
      McpSession session = open.result();
      session.serverMessages = this::write;
      Thread reader = new Thread(() -> read(session, ended), "tunacode-mcp-stdin");
      reader.setDaemon(true);
      reader.start();
    });
    return ended.future().eventually(() -> {
      Promise<Void> flushed = Promise.promise();
      writer.execute(() -> flushed.complete());
      return flushed.future();
    }).onComplete(done -> writer.shutdown());
  }

  private void read(McpSession session, Promise<Void> ended) {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean tooLong = false;
      int b;
      while ((b = in.read()) != -1) {
        if (b != '\n') {
          if (line.size() < maxLineBytes) {
            line.write(b);
          } else {
            tooLong = true;
          }
          continue;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (tooLong) {
          tooLong = false;
          write(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "A message may be at most " + maxLineBytes + " bytes; "
            + "this one was longer and was not read."));
        } else if (!text.isBlank()) {
          Object message = decoded(text);
          context.runOnContext(v -> handle(session, message));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("stdin failed; ending the MCP session", e);
    } finally {
      context.runOnContext(v -> protocol.close(session).onComplete(closed -> ended.complete()));
    }
  }

  /** A line that is not JSON, kept for the loop to answer in its turn. */
  private record Undecodable(String why) {
  }

  // On the reading thread: parsing a large line is no work for the loop, and a call can be looked up here.
  private Object decoded(String text) {
    Object message;
    try {
      message = Json.decodeValue(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    } catch (DecodeException e) {
      return new Undecodable(e.getMessage());
    }
    if (message instanceof JsonObject request) {
      try {
        McpCalls.lookAhead(request, lookAhead);
      } catch (RuntimeException | Error e) { // JNA reports a bad system call as an Error: this thread must live on
        LOG.debug("looking a call up ahead failed; the call looks up for itself", e);
      }
    }
    return message;
  }

  private void handle(McpSession session, Object message) {
    if (message instanceof Undecodable undecodable) {
      write(JsonRpc.error(null, JsonRpc.PARSE_ERROR, "The line is not JSON: " + undecodable.why()));
      return;
    }
    if (!(message instanceof JsonObject request)) {
      write(JsonRpc.error(null, JsonRpc.INVALID_REQUEST, message instanceof io.vertx.core.json.JsonArray
        ? "Send one JSON-RPC message a line: batches are not part of MCP since 2025-06-18."
        : "A line must hold a JSON-RPC message, a JSON object."));
      return;
    }
    Consumer<JsonObject> notify = this::write;
    protocol.handle(session, request, notify).onComplete(done -> {
      if (done.failed()) {
        write(JsonRpc.error(request.getValue("id"), JsonRpc.INTERNAL_ERROR, String.valueOf(done.cause())));
      } else if (done.result() != null) {
        write(done.result());
      }
    });
  }

  // A client that stops reading stdout fills the pipe and this queue behind it: past the bound, notifications
  // are dropped (progress is advice), answers never. An answer is encoded on the writer's thread: a glob's is
  // 1.4 MB of JSON, which took the protocol's loop 10 ms and three copies to make.
  private void write(JsonObject message) {
    boolean answer = message.containsKey("id");
    byte[] bytes = answer ? null : bytesOf(message);
    if (!answer && pending.get() + bytes.length + 1 > MAX_PENDING_BYTES) {
      return;
    }
    // An answer is weighed once encoded, on the writer's thread: weighing it here walked all of it on the loop.
    long queued = answer ? 0 : bytes.length + 1;
    pending.addAndGet(queued);
    writer.execute(() -> {
      byte[] encoded = bytes != null ? bytes : bytesOf(message);
      long size = encoded.length + 1L;
      pending.addAndGet(size - queued);
      try {
        out.write(encoded);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        LOG.debug("stdout is closed; an MCP message was not written", e);
      } finally {
        pending.addAndGet(-size);
      }
    });
  }

  private static byte[] bytesOf(JsonObject message) {
    return message.encode().getBytes(StandardCharsets.UTF_8);
  }
}
