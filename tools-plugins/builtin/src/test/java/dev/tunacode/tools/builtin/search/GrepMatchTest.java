package dev.tunacode.tools.builtin.search;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A grep match as the map behind its JSON object")
class GrepMatchTest {

  private static GrepMatch match() {
    return GrepMatch.of("src/A.java", 12, 5, "  return x;", 6, List.of("  int x = 1;"), List.of());
  }

  private static JsonObject plain() {
    return new JsonObject().put("file", "src/A.java").put("line", 12L).put("column", 5).put("text", "  return x;")
      .put("before", new JsonArray().add("  int x = 1;")).put("after", new JsonArray());
  }

  @Test
  @DisplayName("reads, encodes and compares as the same object built field by field, in the same key order")
  void readsLikeAPlainObject() {
    JsonObject json = new JsonObject(match());

    assertThat(json.getString("file")).isEqualTo("src/A.java");
    assertThat(json.getLong("line")).isEqualTo(12L);
    assertThat(json.getInteger("column")).isEqualTo(5);
    assertThat(json.containsKey("length")).as("the match's length is for the text only").isFalse();
    assertThat(json.fieldNames()).containsExactly("file", "line", "column", "text", "before", "after");
    assertThat(json.encode()).isEqualTo(plain().encode());
    assertThat(json).isEqualTo(plain());
    assertThat(json.copy()).isEqualTo(plain());
  }

  @Test
  @DisplayName("sits in a JsonArray as an object: read back as one, and encoded as one")
  void inAnArray() {
    JsonArray matches = new JsonArray(new ArrayList<>(List.of(match())));

    assertThat(matches.getJsonObject(0)).isEqualTo(plain());
    assertThat(matches.encode()).isEqualTo(new JsonArray().add(plain()).encode());
    assertThat(matches).isEqualTo(new JsonArray().add(plain()));
  }

  @Test
  @DisplayName("takes changes: new and removed fields, and additions to its context lists")
  void takesChanges() {
    JsonObject json = new JsonObject(match());
    json.put("index", 3).remove("text");
    json.getJsonArray("after").add("}");
    json.getJsonArray("before").add("int y;");

    assertThat(json.encode()).isEqualTo("{\"file\":\"src/A.java\",\"line\":12,\"column\":5,\"before\":[\"  int x = 1;\",\"int y;\"],"
      + "\"after\":[\"}\"],\"index\":3}");
  }
}
