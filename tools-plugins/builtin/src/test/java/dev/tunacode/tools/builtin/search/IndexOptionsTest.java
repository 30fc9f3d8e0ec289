package dev.tunacode.tools.builtin.search;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the index's options")
class IndexOptionsTest {

  private static IndexOptions of(String index) {
    return IndexOptions.of(new JsonObject("{\"index\": " + index + "}"));
  }

  @Test
  @DisplayName("off by default, with a 256 MiB bound and nothing saved")
  void defaults() {
    assertThat(IndexOptions.of(new JsonObject())).isEqualTo(new IndexOptions(false, 256L << 20, null));
    assertThat(of("{\"enabled\": true, \"maxBytes\": 1073741824, \"persist\": true, \"persistDir\": \"/var/cache/idx\"}"))
      .isEqualTo(new IndexOptions(true, 1L << 30, Path.of("/var/cache/idx")));
    assertThat(of("{\"enabled\": true, \"persist\": true}").persistDir().toString()).endsWith("/tunacode/index");
  }

  @Test
  @DisplayName("a value of the wrong kind takes its default, and never takes the built-in tools away")
  void wrongKinds() {
    assertThat(of("{\"enabled\": \"true\"}").enabled()).isFalse();
    assertThat(of("\"on\"").enabled()).isFalse();
    assertThat(of("{\"enabled\": true, \"maxBytes\": \"1G\"}")).isEqualTo(new IndexOptions(true, 256L << 20, null));
    assertThat(of("{\"enabled\": true, \"maxBytes\": 10}").maxBytes()).isEqualTo(256L << 20);
    assertThat(of("{\"enabled\": true, \"persist\": \"yes\"}").persistDir()).isNull();
    assertThat(of("{\"enabled\": true, \"persist\": true, \"persistDir\": 7}").persistDir().toString()).endsWith("/tunacode/index");
  }
}
