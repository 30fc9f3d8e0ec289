package dev.tunacode.host.plugin;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The plugins section of the configuration")
class PluginOptionsTest {

  @Test
  @DisplayName("watches for serve and not for one-shot commands unless plugins.watch says otherwise")
  void watch() {
    assertThat(new PluginOptions().watches(true)).isTrue();
    assertThat(new PluginOptions().watches(false)).isFalse();
    assertThat(new PluginOptions(new JsonObject().put("watch", false)).watches(true)).isFalse();
    assertThat(new PluginOptions(new JsonObject().put("watch", true)).watches(false)).isTrue();
  }

  @Test
  @DisplayName("reads its keys, keeps defaults for the rest, and gives them back as JSON")
  void roundTrip() {
    PluginOptions options = new PluginOptions(new JsonObject().put("settleMs", 250).put("allowOverride", true));

    assertThat(options.toJson()).isEqualTo(new JsonObject().put("allowOverride", true).put("settleMs", 250L)
      .put("unloadGraceMs", 60_000L).put("blockedLoopMs", 2_000L));
    assertThat(new PluginOptions(options).toJson()).isEqualTo(options.toJson());
  }

  @Test
  @DisplayName("refuses a value of the wrong type or out of range, naming the key")
  void refuses() {
    assertThatThrownBy(() -> new PluginOptions(new JsonObject().put("watch", "yes")))
      .hasMessage("plugins.watch must be true or false, was \"yes\"");
    assertThatThrownBy(() -> new PluginOptions(new JsonObject().put("settleMs", 10)))
      .hasMessage("plugins.settleMs must be 50 to 60000, was 10");
    assertThatThrownBy(() -> new PluginOptions(new JsonObject().put("settleMs", 1.5)))
      .hasMessage("plugins.settleMs must be a whole number of milliseconds, was 1.5");
    assertThatThrownBy(() -> new PluginOptions(new JsonObject().put("unloadGraceMs", -1)))
      .hasMessage("plugins.unloadGraceMs must be at least 0, was -1");
    assertThatThrownBy(() -> new PluginOptions(new JsonObject().put("blockedLoopMs", "2s")))
      .hasMessage("plugins.blockedLoopMs must be a whole number of milliseconds, was \"2s\"");
    assertThatThrownBy(() -> PluginOptions.of(new JsonObject().put("plugins", "oops")))
      .hasMessage("plugins must be an object, such as {\"watch\":true}, was \"oops\"");
    assertThat(new PluginOptions(new JsonObject().putNull("settleMs")).getSettleMs()).as("null is not given").isEqualTo(500L);
  }
}
