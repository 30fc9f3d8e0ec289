package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.Addresses;
import dev.tunacode.tools.builtin.BuiltinHost;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Patterns a careless or hostile client may send. Each must be refused at once or stop at its own
 * time budget; the call's limit (a much longer one) would answer TIMEOUT instead, so a TIMEOUT here
 * means the budget did not hold. The blocked-thread watch fails any test whose pattern work ran on an
 * event loop.
 */
@DisplayName("The search tools' budgets")
class SearchBudgetTest {

  static final String NINETEEN_GROUPS = "{a,b}".repeat(19);
  static final long CALL_LIMIT_MS = 30_000;

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();
  Path root;
  BuiltinHost host;

  @BeforeEach
  void setUp() throws Exception {
    root = workspace.root();
    host = workspace.host();
    Files.writeString(root.resolve("long.txt"), "a".repeat(20_000) + "b\n");
    for (int i = 0; i < 40; i++) {
      Files.writeString(root.resolve("a".repeat(200) + i), "x\n");
    }
  }

  private JsonObject call(String tool, JsonObject args) throws Exception {
    JsonObject batch = new JsonObject().put("timeoutMs", CALL_LIMIT_MS)
      .put("calls", new JsonArray().add(new JsonObject().put("tool", tool).put("args", args)));
    return workspace.vertx().eventBus().<JsonObject>request(Addresses.BATCH, batch,
        new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(CALL_LIMIT_MS + 10_000))
      .toCompletionStage().toCompletableFuture().get().body().getJsonArray("results").getJsonObject(0);
  }

  @Test
  @DisplayName("refuse a glob whose brace groups stand for more than 1,024 patterns, in glob and in grep's file filters")
  void braceBomb() throws Exception {
    String message = "The glob '" + NINETEEN_GROUPS.substring(0, 77) + "...' stands for more than 1024 patterns through its "
      + "{a,b} groups. Use fewer groups, or a broader pattern such as *.{java,kt}, and filter the results.";

    assertThat(call("glob", new JsonObject().put("pattern", NINETEEN_GROUPS)).getJsonObject("error"))
      .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", message));
    assertThat(call("grep", new JsonObject().put("pattern", "x").put("include_files", NINETEEN_GROUPS)).getJsonObject("error"))
      .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", "In include_files or exclude_files: " + message));
    assertThat(host.ok("glob", new JsonObject().put("pattern", "{a,b}".repeat(10) + "*")).getJsonArray("files")).hasSize(40);
  }

  @Test
  @DisplayName("refuse brace groups nested deeper than 32, or standing for a megabyte of patterns, as a glob and as a filter")
  void deepAndWideBraces() throws Exception {
    String deep = "{".repeat(20_000) + "a" + "}".repeat(20_000);
    String expected = "The glob '" + deep.substring(0, 77) + "...' nests its {a,b} groups 20000 deep, more than 32. Use fewer "
      + "groups, or a broader pattern such as *.{java,kt}, and filter the results.";
    assertThat(call("glob", new JsonObject().put("pattern", deep)).getJsonObject("error"))
      .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", expected));
    assertThat(call("grep", new JsonObject().put("pattern", "x").put("include_files", deep)).getJsonObject("error"))
      .isEqualTo(new JsonObject().put("code", "INVALID_ARGS").put("message", "In include_files or exclude_files: " + expected));
    String wide = "{a,b}".repeat(9) + "x".repeat(4_000);
    assertThat(call("glob", new JsonObject().put("pattern", wide)).getJsonObject("error").getString("message"))
      .contains("stands for patterns of more than 1048576 characters in all");
    assertThat(host.ok("glob", new JsonObject().put("pattern", "{".repeat(32) + "a" + "}".repeat(32))).getJsonArray("files"))
      .isEmpty();
  }

  @Test
  @DisplayName("refuse a file filter with a range that runs backwards, naming the fix")
  void badClass() throws Exception {
    JsonObject error = call("grep", new JsonObject().put("pattern", "x").put("include_files", "*.[z-a]")).getJsonObject("error");

    assertThat(error.getString("code")).isEqualTo("INVALID_ARGS");
    assertThat(error.getString("message")).startsWith("The file pattern in include_files or exclude_files is not valid: "
      + "Illegal character range");
  }

  @Test
  @DisplayName("stop a catastrophic regular expression at timeout_ms and answer with what was found, truncated")
  void catastrophicRegex() throws Exception {
    JsonObject result = call("grep", new JsonObject().put("pattern", "(a+)+$").put("use_regex", true).put("timeout_ms", 1_000));

    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
    JsonObject output = result.getJsonObject("output");
    assertThat(output.getBoolean("truncated")).isTrue();
    assertThat(output.getString("text")).endsWith("\n\n" + SearchDefaults.TIME_BUDGET_NOTE);
  }

  @Test
  @DisplayName("stop a glob of hundreds of * that goes to the regex engine at timeout_ms")
  void starBomb() throws Exception {
    // The '?' keeps it off the part-by-part matching of literal parts and stars, which needs no budget (below).
    JsonObject result = call("glob", new JsonObject().put("pattern", "*a".repeat(300) + "*?c").put("timeout_ms", 1_000));

    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
    assertThat(result.getJsonObject("output").getBoolean("truncated")).isTrue();
    assertThat(result.getJsonObject("output").getString("text")).endsWith(SearchDefaults.TIME_BUDGET_NOTE);
  }

  @Test
  @DisplayName("answer a glob of hundreds of * between literal parts in full: matched part by part, it takes no backtracking")
  void starBombOfLiterals() throws Exception {
    JsonObject result = call("glob", new JsonObject().put("pattern", "*a".repeat(300) + "*c").put("timeout_ms", 1_000));
    assertThat(result.getJsonObject("output").getBoolean("truncated")).as(result.encode()).isFalse();
    assertThat(result.getJsonObject("output").getJsonArray("files")).isEmpty();

    JsonObject found = call("glob", new JsonObject().put("pattern", "*a".repeat(200) + "*3*").put("timeout_ms", 1_000));
    assertThat(found.getJsonObject("output").getBoolean("truncated")).as(found.encode()).isFalse();
    // In code-point order, as glob sorts: ...13 before ...3.
    assertThat(found.getJsonObject("output").getJsonArray("files")).containsExactly("a".repeat(200) + "13", "a".repeat(200) + "23",
      "a".repeat(200) + "3", "a".repeat(200) + "30", "a".repeat(200) + "31", "a".repeat(200) + "32", "a".repeat(200) + "33",
      "a".repeat(200) + "34", "a".repeat(200) + "35", "a".repeat(200) + "36", "a".repeat(200) + "37", "a".repeat(200) + "38",
      "a".repeat(200) + "39");
  }

  @Test
  @DisplayName("stop at timeout_ms when a .gitignore of the workspace holds such a pattern")
  void hostileIgnoreFile() throws Exception {
    Files.writeString(root.resolve(".gitignore"), "*a".repeat(300) + "*c\n");

    JsonObject result = call("grep", new JsonObject().put("pattern", "x").put("timeout_ms", 1_000));

    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
    assertThat(result.getJsonObject("output").getBoolean("truncated")).isTrue();
  }

  @Test
  @DisplayName("stop inside a file too large to read in the budget (64 GB, sparse)")
  void hugeFile() throws Exception {
    Path huge = root.resolve("huge.txt");
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      // Text where a binary file would show itself, then 64 GB of holes, which read as zeros at memory speed.
      file.write("text\n".repeat(4096).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      file.setLength(64L << 30);
    }

    JsonObject result = call("grep", new JsonObject().put("pattern", "never").put("path", "huge.txt").put("timeout_ms", 1_000));

    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
    assertThat(result.getJsonObject("output").getBoolean("truncated")).isTrue();
    assertThat(result.getJsonObject("output").getString("text")).endsWith(SearchDefaults.TIME_BUDGET_NOTE);
  }

  @Test
  @DisplayName("refuse with INVALID_ARGS, not INTERNAL, a regular expression whose matching runs out of stack")
  void stackOverflow() throws Exception {
    JsonObject result = call("grep", new JsonObject().put("pattern", "(a|a?)+b").put("use_regex", true).put("timeout_ms", 20_000));

    assertThat(result.getJsonObject("error")).as(result.encode()).isEqualTo(new JsonObject().put("code", "INVALID_ARGS")
      .put("message", "The regular expression is too complex for a line of 'long.txt': matching it ran out of stack. "
        + "Simplify it: avoid a repeated group whose parts can match the same text, such as (a|a?)+, or search for a literal."));
    assertThat(host.ok("grep", new JsonObject().put("pattern", "b").put("include_files", "long.txt")).getJsonArray("matches"))
      .hasSize(1);
  }
}
