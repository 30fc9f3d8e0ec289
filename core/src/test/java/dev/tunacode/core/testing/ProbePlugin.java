package dev.tunacode.core.testing;

import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolKind;
import dev.tunacode.core.spi.ToolPlugin;

import java.util.List;

/**
 * The probes: {@code probe} (READ_ONLY), {@code probe_write} (WRITE) and {@code probe_exec} (EXECUTE).
 */
public final class ProbePlugin implements ToolPlugin {

  @Override
  public String name() {
    return "probes";
  }

  @Override
  public List<Tool> tools(ToolContext context) {
    return List.of(
      new ProbeTool("probe", ToolKind.READ_ONLY, context),
      new ProbeTool("probe_write", ToolKind.WRITE, context),
      new ProbeTool("probe_exec", ToolKind.EXECUTE, context));
  }
}
