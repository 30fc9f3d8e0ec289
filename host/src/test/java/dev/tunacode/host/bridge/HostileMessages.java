package dev.tunacode.host.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Messages a careless or hostile client may send over the bridge, drawn from a seeded generator so that
 * a failing run can be replayed: wrong frame types, bodies of the wrong shape, arguments of the wrong
 * types, null and huge numbers, bad and catastrophic patterns, brace bombs, deep nesting, oversize
 * messages, forbidden addresses and binary garbage.
 */
final class HostileMessages {

  /**
   * One message to send.
   *
   * @param kind         what it tries, for the report
   * @param frame        the bytes to send
   * @param binary       send as a binary frame
   * @param replyAddress the address its answer comes on, or null when it can have none
   * @param mustAnswer   true for a well-formed request, which must be answered on its reply address; any
   *                     other must at least be refused with a reason (an error frame, or a close with a code)
   */
  record Message(String kind, Buffer frame, boolean binary, String replyAddress, boolean mustAnswer) {
  }

  private static final List<String> TOOLS = List.of("read_file", "write_file", "update_file", "list_dir", "glob", "grep",
    "bash", "run_command", "echo", "sleep", "nope");
  private static final List<String> ARGS = List.of("filepath", "content", "target", "patch", "directory", "pattern", "path",
    "max_results", "max_entries", "offset", "limit", "line_numbers", "timeout", "timeout_ms", "include_files", "use_regex",
    "context_lines", "command", "text", "ms", "output_mode", "replace_all", "show_hidden", "exclude_dirs", "env");
  private static final List<String> BAD_PATTERNS = List.of("(a+)+$", "(x+x+)+y", "[z-a]", "*", "(", "\\", "{a,b}".repeat(19),
    "*a".repeat(200) + "*c", "[[:alpha:]", "a{1000000}", "(?<name", "\\p{NoSuchClass}", "**/".repeat(300) + "*", "\u0000",
    "x".repeat(10_000), "{".repeat(500), "}".repeat(500), "[!]", "[^]]", "***", "?".repeat(300));
  private static final List<Object> ODD_VALUES = List.of("", " ", "..", "../../etc/passwd", "/etc/shadow", "\u0000", "a\u0000b",
    "~", "$(id)", "`id`", "C:\\Windows", "\\\\server\\share", "%2e%2e%2f", "src/../../..", "💥", "\uD800", -1, 0,
    Long.MAX_VALUE, Long.MIN_VALUE, new java.math.BigInteger("9223372036854775808"), 1e300, -1e300, 1.5, true, false,
    new JsonArray(), new JsonObject(), new JsonArray().add((Object) null));

  private final Random random;
  private final long giant;
  private int next;

  /** @param giant the size of an oversize message, over the host's limit */
  HostileMessages(long seed, long giant) {
    this.random = new Random(seed);
    this.giant = giant;
  }

  Message next() {
    String reply = "f-" + next++;
    int roll = random.nextInt(100);
    if (roll < 25) {
      return send(reply, "args", call(randomTool(), randomArgs()));
    }
    if (roll < 40) {
      return send(reply, "pattern", call(random.nextBoolean() ? "grep" : "glob", patternArgs()));
    }
    if (roll < 50) {
      return send(reply, "body", random.nextBoolean() ? "tunacode.call" : "tunacode.batch", oddValue());
    }
    if (roll < 57) {
      return send(reply, "batch", "tunacode.batch", oddBatch());
    }
    if (roll < 65) {
      return new Message("frame", Buffer.buffer(oddFrame(reply).encode()), false, reply, false);
    }
    if (roll < 71) {
      // Built as text: Jackson itself refuses to write JSON nested a thousand deep.
      int depth = 50 + random.nextInt(3000);
      String frame = "{\"type\":\"send\",\"address\":\"tunacode.call\",\"replyAddress\":\"" + reply
        + "\",\"body\":{\"tool\":\"echo\",\"args\":{\"text\":" + "[".repeat(depth) + "1" + "]".repeat(depth) + "}}}";
      return new Message("deep", Buffer.buffer(frame), false, reply, false);
    }
    if (roll < 78) {
      return new Message("binary", garbage(), true, null, false);
    }
    if (roll < 83) {
      return new Message("text", Buffer.buffer(new String(garbage().getBytes(), StandardCharsets.ISO_8859_1)), false, null, false);
    }
    if (roll < 88) {
      JsonObject frame = new JsonObject().put("type", random.nextBoolean() ? "send" : "publish")
        .put("address", random.nextBoolean() ? "tunacode.tool.bash" : "vertx." + random.nextInt(9)).put("replyAddress", reply)
        .put("body", new JsonObject());
      return new Message("address", Buffer.buffer(frame.encode()), false, reply, false);
    }
    if (roll < 93) {
      JsonObject frame = new JsonObject().put("type", random.nextBoolean() ? "register" : "unregister")
        .put("address", random.nextBoolean() ? "tunacode.batch" : "vertx.events." + random.nextInt(1000));
      return new Message("register", Buffer.buffer(frame.encode()), false, null, false);
    }
    if (roll < 96 && giant > 0) {
      JsonObject frame = new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", reply)
        .put("body", call("write_file", new JsonObject().put("filepath", "big.txt").put("content", "x".repeat((int) giant))));
      return new Message("huge", Buffer.buffer(frame.encode()), false, reply, false);
    }
    return send(reply, "numbers", call("read_file", new JsonObject().put("filepath", "a.txt")
      .put(random.nextBoolean() ? "offset" : "limit", oddNumber())));
  }

  private Message send(String reply, String kind, Object body) {
    return send(reply, kind, "tunacode.call", body);
  }

  private Message send(String reply, String kind, String address, Object body) {
    return frame(kind, new JsonObject().put("type", "send").put("address", address).put("replyAddress", reply).put("body", body), reply);
  }

  private static Message frame(String kind, JsonObject frame, String reply) {
    return new Message(kind, Buffer.buffer(frame.encode()), false, reply, true);
  }

  private static JsonObject call(String tool, JsonObject args) {
    return new JsonObject().put("tool", tool).put("args", args);
  }

  private String randomTool() {
    return TOOLS.get(random.nextInt(TOOLS.size()));
  }

  private JsonObject randomArgs() {
    JsonObject args = new JsonObject();
    int fields = random.nextInt(5);
    for (int i = 0; i < fields; i++) {
      args.put(ARGS.get(random.nextInt(ARGS.size())), oddValue());
    }
    return args;
  }

  private JsonObject patternArgs() {
    JsonObject args = new JsonObject().put("pattern", BAD_PATTERNS.get(random.nextInt(BAD_PATTERNS.size())))
      .put("timeout_ms", 1 + random.nextInt(300));
    if (random.nextBoolean()) {
      args.put("use_regex", true);
    }
    if (random.nextInt(4) == 0) {
      args.put("include_files", BAD_PATTERNS.get(random.nextInt(BAD_PATTERNS.size())));
    }
    return args;
  }

  private Object oddValue() {
    Object value = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
    return value instanceof JsonObject object ? object.copy() : value instanceof JsonArray array ? array.copy() : value;
  }

  private Object oddNumber() {
    Object[] numbers = {-1, 0, Long.MAX_VALUE, new java.math.BigInteger("9223372036854775808"),
      new java.math.BigInteger("-99999999999999999999999"), 1e300, 2.5, "12", null};
    return numbers[random.nextInt(numbers.length)];
  }

  private JsonObject oddBatch() {
    JsonObject batch = new JsonObject();
    switch (random.nextInt(6)) {
      case 0 -> batch.put("calls", "all of them");
      case 1 -> batch.put("calls", new JsonArray().add(5).add("x").addNull().add(new JsonArray()));
      case 2 -> batch.put("calls", new JsonArray().add(call("echo", new JsonObject()))).put("maxParallel", oddNumber());
      case 3 -> batch.put("calls", new JsonArray().add(call("echo", new JsonObject()))).put("timeoutMs", oddNumber());
      case 4 -> batch.put("calls", new JsonArray().add(call("echo", new JsonObject()))).put("events", oddValue());
      default -> {
        JsonArray calls = new JsonArray();
        for (int i = 0; i < 200; i++) {
          calls.add(call("list_dir", new JsonObject()));
        }
        batch.put("calls", calls);
      }
    }
    return batch;
  }

  private JsonObject oddFrame(String reply) {
    return switch (random.nextInt(6)) {
      case 0 -> new JsonObject().put("type", "nope").put("replyAddress", reply);
      case 1 -> new JsonObject().put("type", 5).put("address", "tunacode.call").put("replyAddress", reply);
      case 2 -> new JsonObject().put("type", "send").put("replyAddress", reply).put("body", new JsonObject());
      case 3 -> new JsonObject().put("type", "send").put("address", new JsonArray()).put("replyAddress", reply);
      case 4 -> new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", reply)
        .put("headers", "not an object").put("body", call("echo", new JsonObject()));
      default -> new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", new JsonObject())
        .put("body", call("echo", new JsonObject()));
    };
  }

  private Buffer garbage() {
    byte[] bytes = new byte[1 + random.nextInt(512)];
    random.nextBytes(bytes);
    return Buffer.buffer(bytes);
  }
}
