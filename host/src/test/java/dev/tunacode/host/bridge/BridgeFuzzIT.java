package dev.tunacode.host.bridge;

import dev.tunacode.host.runtime.HostRuntime;
import dev.tunacode.host.server.ServerOptions;
import dev.tunacode.host.server.WebServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand hostile messages over a raw WebSocket, one at a time, each followed by a probe that
 * shows when the bridge has said all it will say of it. Every message must be answered on its reply
 * address or refused with a reason (an error frame, or a close with a code), within a bound; a normal
 * call must work after them; and the blocked-thread watch, on for every test, must stay silent.
 */
@DisplayName("The bridge under ten thousand hostile messages")
class BridgeFuzzIT {

  static final long SEED = 20261201L;
  static final int MESSAGES = 10_000;
  static final String TOKEN = "fuzz-token-0123456789abcdef";
  static final long WAIT_SECONDS = 30;
  static final long WORST_BUDGET_MS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(BridgeFuzzIT.class);

  @TempDir
  Path workspace;

  @Test
  @DisplayName("answers or refuses every one with a reason, and still serves a normal call after them")
  void tenThousand() throws Exception {
    Files.writeString(workspace.resolve("a.txt"), "line one\nline two\n");
    // A line on which the catastrophic patterns bite, and names for the globs of many stars.
    Files.writeString(workspace.resolve("long.txt"), "a".repeat(20_000) + "c\n" + "x".repeat(3_000) + "\n");
    for (int i = 0; i < 20; i++) {
      Files.writeString(workspace.resolve("a".repeat(200) + i), "x\n");
    }
    Path plugins = Files.createDirectory(workspace.resolve("plugins"));
    Files.copy(Path.of(System.getProperty("tunacode.examplePluginJar")), plugins.resolve("examples.jar"));
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(plugins), new JsonObject())) {
      WebServer server = runtime.serve(new ServerOptions().setPort(0), TOKEN);
      Vertx vertx = Vertx.vertx();
      try {
        long heapBefore = usedHeap();
        Report report = run(vertx, server.port());
        long heapAfter = usedHeap();
        LOG.warn("fuzz: {} messages, {} answered, {} refused (of which {} by a close, codes {}), by kind {}; slowest {} ms ({}); "
            + "heap used before {} MB, after {} MB", report.messages, report.answered, report.refused, report.closes,
          report.closeCodes, report.kinds, report.slowestMs, report.slowestKind, heapBefore >> 20, heapAfter >> 20);

        try (Socket socket = Socket.connect(vertx, server.port())) {
          long worst = 0;
          for (JsonObject args : List.of(
            new JsonObject().put("pattern", "(a+)+$").put("use_regex", true),
            new JsonObject().put("pattern", "(x+x+)+y").put("use_regex", true),
            new JsonObject().put("pattern", "(a|a?)+b").put("use_regex", true))) {
            long started = System.nanoTime();
            JsonObject reply = socket.request("tunacode.call", new JsonObject().put("tool", "grep")
              .put("args", args.put("timeout_ms", WORST_BUDGET_MS)), "worst-" + args.getString("pattern"));
            worst = Math.max(worst, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            // Stopped at its budget, or refused when Java's matcher would run out of stack before it.
            JsonObject body = reply.getJsonObject("body");
            if (body.getBoolean("ok")) {
              assertThat(body.getJsonObject("output").getBoolean("truncated")).as(args.encode()).isTrue();
            } else {
              assertThat(body.getJsonObject("error").getString("code")).as(args.encode()).isEqualTo("INVALID_ARGS");
            }
          }
          LOG.warn("fuzz: the worst pattern, with timeout_ms {}, was answered after {} ms", WORST_BUDGET_MS, worst);
        }
        assertThat(report.unanswered).as("messages neither answered nor refused with a reason").isEmpty();
        assertThat(report.answered + report.refused).isEqualTo(MESSAGES);
        assertThat(report.closeCodes.keySet()).as("a close says why (1006 and none do not)").doesNotContain(1006, -1);
        try (Socket socket = Socket.connect(vertx, server.port())) {
          JsonObject reply = socket.request("tunacode.call", new JsonObject().put("tool", "read_file")
            .put("args", new JsonObject().put("filepath", "a.txt")), "after");
          assertThat(reply.getJsonObject("body").getJsonObject("output").getString("content")).isEqualTo("line one\nline two\n");
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("answers a batch of 10,000 list_dir calls within the reply's budget, the rest not run")
  void tenThousandListings() throws Exception {
    for (int i = 0; i < 40; i++) {
      Files.writeString(workspace.resolve("file-" + i + ".txt"), "x");
    }
    try (HostRuntime runtime = HostRuntime.start(workspace, List.of(), new JsonObject())) {
      WebServer server = runtime.serve(new ServerOptions().setPort(0), TOKEN);
      Vertx vertx = Vertx.vertx();
      try (Socket socket = Socket.connect(vertx, server.port())) {
        io.vertx.core.json.JsonArray calls = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < 10_000; i++) {
          calls.add(new JsonObject().put("tool", "list_dir").put("args", new JsonObject()));
        }
        long heapBefore = usedHeap();
        JsonObject frame = socket.request("tunacode.batch", new JsonObject().put("calls", calls), "big-batch");
        int encoded = frame.encode().length();
        JsonObject stats = frame.getJsonObject("body").getJsonObject("stats");
        frame = null;
        long heapAfter = usedHeap();
        LOG.warn("10,000 list_dir: reply {} bytes, {} not run; heap used before {} MB, after {} MB", encoded,
          stats.getInteger("notRun"), heapBefore >> 20, heapAfter >> 20);

        assertThat(stats.getInteger("notRun")).isPositive();
        assertThat(stats.getInteger("errors")).isEqualTo(stats.getInteger("notRun"));
        assertThat((long) encoded).as("8 MiB, passed by at most the outputs of the calls running when it was reached")
          .isLessThan((8L << 20) + 200_000);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static final class Report {
    int messages;
    int answered;
    int refused;
    int closes;
    long slowestMs;
    String slowestKind;
    final Map<String, Integer> kinds = new TreeMap<>();
    final Map<Integer, Integer> closeCodes = new TreeMap<>();
    final List<String> unanswered = new java.util.ArrayList<>();
  }

  private static Report run(Vertx vertx, int port) throws Exception {
    HostileMessages messages = new HostileMessages(SEED, (long) ServerOptions.DEFAULT_MAX_MESSAGE_BYTES + 1);
    Report report = new Report();
    Socket socket = Socket.connect(vertx, port);
    try {
      for (int i = 0; i < MESSAGES; i++) {
        HostileMessages.Message message = messages.next();
        report.messages++;
        report.kinds.merge(message.kind(), 1, Integer::sum);
        long started = System.nanoTime();
        Outcome outcome = socket.exchange(message, "p-" + i);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (ms > report.slowestMs) {
          report.slowestMs = ms;
          report.slowestKind = message.kind();
        }
        switch (outcome) {
          case ANSWERED -> report.answered++;
          case REFUSED -> report.refused++;
          case CLOSED -> {
            report.refused++;
            report.closes++;
            report.closeCodes.merge((int) socket.closed.getNow((short) -1), 1, Integer::sum);
          }
          case SILENT -> report.unanswered.add(i + " " + message.kind() + ": " + message.frame().toString().substring(0,
            Math.min(300, message.frame().length())));
        }
        if (outcome == Outcome.CLOSED || socket.closed.isDone()) {
          socket.close();
          socket = Socket.connect(vertx, port);
        }
      }
    } finally {
      socket.close();
    }
    return report;
  }

  enum Outcome { ANSWERED, REFUSED, CLOSED, SILENT }

  /** A raw bridge connection that keeps every frame it receives, and pings. */
  private static final class Socket implements AutoCloseable {
    final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    final WebSocketClient client;
    final WebSocket socket;
    final long pinger;
    final Vertx vertx;

    private Socket(Vertx vertx, WebSocketClient client, WebSocket socket) {
      this.vertx = vertx;
      this.client = client;
      this.socket = socket;
      socket.binaryMessageHandler(buffer -> frames.add(parse(buffer.toString())));
      socket.textMessageHandler(text -> frames.add(parse(text)));
      socket.closeHandler(v -> closed.complete(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode()));
      pinger = vertx.setPeriodic(4_000, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
    }

    static Socket connect(Vertx vertx, int port) throws Exception {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 << 20)
        .setMaxFrameSize(64 << 20));
      WebSocket socket = await(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/eventbus/websocket?token=" + TOKEN)));
      return new Socket(vertx, client, socket);
    }

    private static JsonObject parse(String text) {
      try {
        return new JsonObject(text);
      } catch (RuntimeException notJson) {
        return new JsonObject().put("type", "unparsed").put("text", text);
      }
    }

    JsonObject request(String address, JsonObject body, String replyAddress) throws Exception {
      await(socket.writeTextMessage(new JsonObject().put("type", "send").put("address", address).put("body", body)
        .put("replyAddress", replyAddress).encode()));
      while (true) {
        JsonObject frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(frame).as("the reply to " + replyAddress).isNotNull();
        if (replyAddress.equals(frame.getString("address"))) {
          return frame;
        }
      }
    }

    // The probe goes after the message on the same socket; once its answer is in, the bridge has sent
    // all it had to say of the message, but for the reply of a request still running (a search).
    Outcome exchange(HostileMessages.Message message, String probe) throws Exception {
      frames.clear();
      Future<Void> sent = message.binary() ? socket.writeBinaryMessage(message.frame())
        : socket.writeTextMessage(message.frame().toString());
      sent.toCompletionStage().toCompletableFuture().exceptionally(failure -> null).get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (!closed.isDone()) {
        socket.writeTextMessage(new JsonObject().put("type", "send").put("address", "tunacode.tools")
          .put("body", new JsonObject()).put("replyAddress", probe).encode());
      }
      boolean reply = false;
      boolean addressedRefusal = false;
      boolean refusal = false;
      boolean probed = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (System.nanoTime() < deadline && !(probed && (reply || addressedRefusal || !message.mustAnswer()))) {
        JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
        if (frame == null) {
          if (closed.isDone()) {
            break;
          }
          continue;
        }
        String address = frame.getString("address");
        boolean error = "err".equals(frame.getString("type"));
        if (probe.equals(address)) {
          probed = true;
        } else if (address != null && address.equals(message.replyAddress())) {
          reply |= !error;
          addressedRefusal |= error;
        } else if (address == null && error) {
          refusal = true;
        }
      }
      if (reply) {
        return Outcome.ANSWERED;
      }
      if (addressedRefusal || refusal && !message.mustAnswer()) {
        return Outcome.REFUSED;
      }
      return closed.isDone() ? Outcome.CLOSED : Outcome.SILENT;
    }

    @Override
    public void close() throws Exception {
      vertx.cancelTimer(pinger);
      socket.close().toCompletionStage().toCompletableFuture().exceptionally(failure -> null).get(10, TimeUnit.SECONDS);
      await(client.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static long usedHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
