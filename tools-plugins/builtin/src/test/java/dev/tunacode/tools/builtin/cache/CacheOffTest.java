package dev.tunacode.tools.builtin.cache;

import dev.tunacode.core.HostOptions;
import dev.tunacode.core.cache.CacheOptions;
import dev.tunacode.tools.builtin.BuiltinWorkspace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("With cache.enabled false")
class CacheOffTest {

  @RegisterExtension
  final BuiltinWorkspace workspace = new BuiltinWorkspace(new HostOptions().setCache(new CacheOptions().setEnabled(false)));

  @Test
  @DisplayName("every call runs its tool: no result says cached, and the host has no cache")
  void neverCached() throws Exception {
    Files.writeString(workspace.root().resolve("a.txt"), "alpha\n");
    Thread.sleep(30); // past the 20 ms a file's times take to settle, so that an enabled cache would keep it
    for (int i = 0; i < 50; i++) {
      JsonObject result = workspace.host().call("read_file", new JsonObject().put("filepath", "a.txt"));
      assertThat(result.getBoolean("ok")).isTrue();
      assertThat(result.containsKey("cached")).isFalse();
    }
  }
}
