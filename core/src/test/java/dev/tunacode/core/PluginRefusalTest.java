package dev.tunacode.core;

import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.core.testing.ProbePlugin;
import dev.tunacode.core.testing.ProbeTool;
import dev.tunacode.core.testing.TestHosts;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A plugin whose tools cannot all be served")
class PluginRefusalTest {

  @TempDir
  Path root;

  private record Giving(String name, Function<ToolContext, List<Tool>> tools) implements ToolPlugin {
    @Override
    public List<Tool> tools(ToolContext context) {
      return tools.apply(context);
    }
  }

  private static Tool tool(String name, ToolContext context) {
    return new ProbeTool(name, ToolKind.READ_ONLY, context);
  }

  @Test
  @DisplayName("serves none of them, and says why: a name taken by an earlier plugin, an invalid name, two of one name, tools() failing")
  void servedWholeOrNotAtAll() throws Exception {
    ToolPlugin taken = new Giving("taken", c -> List.of(tool("unique_one", c), tool("probe", c)));
    ToolPlugin invalid = new Giving("invalid", c -> List.of(tool("fine", c), tool("Not-Valid", c)));
    ToolPlugin twice = new Giving("twice", c -> List.of(tool("again", c), tool("again", c)));
    ToolPlugin failing = new Giving("failing", c -> {
      throw new IllegalStateException("no tools today");
    });
    ToolPlugin fine = new Giving("fine", c -> List.of(tool("served", c)));
    Vertx vertx = Vertx.vertx();
    try {
      ToolHost host = TestHosts.start(vertx, root, new ProbePlugin(), taken, invalid, twice, failing, fine)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(host.refused().get(taken)).isEqualTo(new ToolHost.Refusal("its tool 'probe' is already given by plugin 'probes'",
        "probes"));
      assertThat(host.refused().get(invalid).reason()).isEqualTo("it gave a tool with an invalid name ('Not-Valid'); a name is "
        + "1 to 64 lower case letters, digits and _, starting with a letter");
      assertThat(host.refused().get(twice).reason()).isEqualTo("it gave two tools named 'again'");
      assertThat(host.refused().get(failing).reason()).isEqualTo("its tools() failed: java.lang.IllegalStateException: no tools today");
      assertThat(host.refused()).doesNotContainKey(fine);
      assertThat(host.registry().get("unique_one")).as("none of a refused plugin's tools").isNull();
      assertThat(host.registry().get("fine")).isNull();
      assertThat(host.registry().get("probe").plugin()).isEqualTo("probes");
      assertThat(host.registry().get("served").plugin()).isEqualTo("fine");
      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("may not replace a built-in tool unless plugins.allowOverride says so; then it does, and a second may not")
  void overrideBuiltin() throws Exception {
    for (boolean allowed : new boolean[] {false, true}) {
      ToolPlugin builtin = new Giving("builtin", c -> List.of(tool("read_thing", c)));
      ToolPlugin replacer = new Giving("replacer", c -> List.of(tool("read_thing", c), tool("other_thing", c)));
      ToolPlugin late = new Giving("late", c -> List.of(tool("read_thing", c)));
      io.vertx.core.json.JsonObject config = new io.vertx.core.json.JsonObject()
        .put("plugins", new io.vertx.core.json.JsonObject().put("allowOverride", allowed));
      Vertx vertx = Vertx.vertx();
      try {
        ToolHost host = TestHosts.start(vertx, root, new HostOptions(), config, builtin, replacer, late)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (allowed) {
          assertThat(host.registry().get("read_thing").plugin()).isEqualTo("replacer");
          assertThat(host.registry().get("other_thing").plugin()).isEqualTo("replacer");
          assertThat(host.refused().get(late).reason()).isEqualTo("its tool 'read_thing' is already given by plugin 'replacer'");
        } else {
          assertThat(host.registry().get("read_thing").plugin()).isEqualTo("builtin");
          assertThat(host.registry().get("other_thing")).isNull();
          assertThat(host.refused().get(replacer).reason()).isEqualTo("its tool 'read_thing' is a built-in tool; set "
            + "plugins.allowOverride to true to let a plugin replace it, or give the tool another name");
        }
        host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
