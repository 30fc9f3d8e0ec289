package dev.tunacode.tools.builtin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The texts an agent sees, against what TunaCode v0.0.51's own tools gave on the same tree. The golden
 * file (written by {@code tools/compat/compare.py --write-golden}, which runs both sides) holds the tree,
 * the calls in order, and for each the original's text and ours. Each call must give exactly our text,
 * and our text must be the original's, unless the case names the reason it is not (docs/tools.md lists
 * them): so CI keeps the two together without TunaCode present.
 */
@DisplayName("What a TunaCode agent sees, against TunaCode v0.0.51's own tools")
class TunaCodeGoldenTest {

  static final String GOLDEN = "/golden/tunacode-0.0.51.json";
  static final String ORDER = "order";

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace();

  @TestFactory
  Stream<DynamicTest> everyCase() throws Exception {
    JsonObject golden;
    try (InputStream in = TunaCodeGoldenTest.class.getResourceAsStream(GOLDEN)) {
      golden = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    build(workspace.root(), golden.getJsonArray("fixture"));
    List<DynamicTest> tests = new ArrayList<>();
    for (Object item : golden.getJsonArray("cases")) {
      JsonObject each = (JsonObject) item;
      tests.add(DynamicTest.dynamicTest(each.getString("name"), () -> check(each)));
    }
    return tests.stream();
  }

  private void check(JsonObject each) throws Exception {
    JsonObject result = workspace.host().call(each.getString("tool"), each.getJsonObject("args"));
    String text = result.getBoolean("ok") ? result.getJsonObject("output").getString("text")
      : result.getJsonObject("error").getString("message");
    String seen = text.replace(workspace.root().toString(), "<ws>");
    String expected = each.getString("expected");
    String tunacode = each.getString("tunacode");
    String reason = each.getString("reason");

    assertThat(seen).isEqualTo(expected);
    assertThat(result.getBoolean("ok")).isEqualTo(each.getBoolean("ok"));
    if (reason == null) {
      assertThat(expected).as("the same text as TunaCode's").isEqualTo(tunacode);
    } else if (ORDER.equals(reason)) {
      assertThat(blocks(expected)).as("TunaCode's blocks, in path order").isEqualTo(blocks(tunacode));
    } else {
      assertThat(expected).as("a difference with a reason: " + reason).isNotEqualTo(tunacode);
    }
  }

  // A grep text's header, then its blocks sorted: TunaCode ordered them by a relevance score.
  private static List<String> blocks(String text) {
    List<String> parts = new ArrayList<>(Arrays.asList(text.split("\n\n📁 ")));
    String head = parts.remove(0);
    parts.sort(null);
    parts.add(0, head);
    return parts;
  }

  private static void build(Path root, JsonArray fixture) throws Exception {
    for (Object item : fixture) {
      JsonObject entry = (JsonObject) item;
      Path path = root.resolve(entry.getString("path"));
      Files.createDirectories(path.getParent());
      if (entry.containsKey("link")) {
        Files.createSymbolicLink(path, Path.of(entry.getString("link")));
      } else if (entry.getBoolean("folder", false)) {
        Files.createDirectories(path);
      } else {
        byte[] bytes = entry.containsKey("base64") ? Base64.getDecoder().decode(entry.getString("base64"))
          : entry.getString("text").repeat(entry.getInteger("times", 1)).getBytes(StandardCharsets.UTF_8);
        Files.write(path, bytes);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(entry.getBoolean("executable") ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }
}
