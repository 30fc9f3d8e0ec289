package dev.tunacode.core.cache;

import dev.tunacode.core.registry.PluginCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A cache key")
class CacheKeyTest {

  private static final JsonObject SCHEMA = new JsonObject("{\"type\":\"object\",\"properties\":{"
    + "\"pattern\":{\"type\":\"string\"},\"directory\":{\"type\":\"string\",\"default\":\".\"},"
    + "\"max_results\":{\"type\":\"integer\",\"default\":50},\"exclude\":{\"type\":\"array\"}}}");
  private final PluginCalls version = new PluginCalls();

  private CacheKey key(JsonObject args) {
    return CacheKey.of(version, "grep", SCHEMA, args);
  }

  @Test
  @DisplayName("is one for one question however it is spelled: defaults written out or not, keys in any order, 50 or 50.0")
  void oneSpelling() {
    CacheKey plain = key(new JsonObject().put("pattern", "TODO"));
    assertThat(key(new JsonObject().put("directory", ".").put("pattern", "TODO"))).isEqualTo(plain);
    assertThat(key(new JsonObject().put("max_results", 50.0).put("pattern", "TODO").put("directory", "."))).isEqualTo(plain);
    assertThat(key(new JsonObject().put("pattern", "TODO").putNull("directory"))).isEqualTo(plain);
    assertThat(key(new JsonObject().put("pattern", "TODO").put("exclude", new JsonArray().add("b").add("a"))))
      .isNotEqualTo(key(new JsonObject().put("pattern", "TODO").put("exclude", new JsonArray().add("a").add("b"))));
  }

  @Test
  @DisplayName("tells apart what differs: a value, a tool, a plugin version, and text that only looks like JSON")
  void apart() {
    CacheKey plain = key(new JsonObject().put("pattern", "TODO"));
    assertThat(key(new JsonObject().put("pattern", "todo"))).isNotEqualTo(plain);
    assertThat(key(new JsonObject().put("pattern", "TODO").put("max_results", 51))).isNotEqualTo(plain);
    assertThat(CacheKey.of(version, "glob", SCHEMA, new JsonObject().put("pattern", "TODO"))).isNotEqualTo(plain);
    assertThat(CacheKey.of(new PluginCalls(), "grep", SCHEMA, new JsonObject().put("pattern", "TODO"))).isNotEqualTo(plain);
    assertThat(key(new JsonObject().put("pattern", "a\",\"directory\":\"b")))
      .isNotEqualTo(key(new JsonObject().put("pattern", "a").put("directory", "b")));
    assertThat(key(new JsonObject().put("pattern", "1"))).isNotEqualTo(key(new JsonObject().put("pattern", 1)));
    assertThat(key(new JsonObject().put("pattern", "line\nbreak")).args()).contains("line\\u000abreak");
  }
}
