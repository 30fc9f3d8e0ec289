package dev.tunacode.tools.examples;

import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolPlugin;

import java.util.List;

/**
 * Tools that make the scheduling visible: {@code sleep}, {@code echo} and {@code touch_marker}.
 */
public final class ExamplePlugin implements ToolPlugin {

  @Override
  public String name() {
    return "examples";
  }

  @Override
  public List<Tool> tools(ToolContext context) {
    return List.of(new SleepTool(context), new EchoTool(), new TouchMarkerTool(context));
  }
}
