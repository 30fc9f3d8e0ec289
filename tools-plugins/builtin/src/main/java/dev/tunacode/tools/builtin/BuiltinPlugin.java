package dev.tunacode.tools.builtin;

import dev.tunacode.core.HostContext;
import dev.tunacode.core.spi.Tool;
import dev.tunacode.core.spi.ToolContext;
import dev.tunacode.core.spi.ToolPlugin;
import dev.tunacode.tools.builtin.exec.BashTool;
import dev.tunacode.tools.builtin.file.ListDirTool;
import dev.tunacode.tools.builtin.file.ReadFileTool;
import dev.tunacode.tools.builtin.file.UpdateFileTool;
import dev.tunacode.tools.builtin.file.WriteFileTool;
import dev.tunacode.tools.builtin.search.FileTrees;
import dev.tunacode.tools.builtin.search.GlobTool;
import dev.tunacode.tools.builtin.search.GrepTool;
import dev.tunacode.tools.builtin.exec.RunCommandTool;

import java.util.ArrayList;
import java.util.List;

/**
 * The eight tools of the agent, loaded through the same SPI as any outside plugin.
 */
public final class BuiltinPlugin implements ToolPlugin {

  @Override
  public String name() {
    return "builtin";
  }

  @Override
  public List<Tool> tools(ToolContext given) {
    // The built-in tools walk the workspace's own handles, which only a plugin on the host's class path sees.
    if (!(given instanceof HostContext context)) {
      throw new IllegalStateException("the built-in tools run only inside the host, on its class path");
    }
    List<Tool> tools = new ArrayList<>();
    // file tools
    tools.add(new ReadFileTool(context));
    tools.add(new WriteFileTool(context));
    tools.add(new UpdateFileTool(context));
    tools.add(new ListDirTool(context));
    // search tools
    // One set of file trees a workspace, kept in memory when the index is on, for both walks.
    FileTrees trees = FileTrees.of(context);
    tools.add(new GlobTool(context, trees));
    tools.add(new GrepTool(context, trees));
    // exec tools
    tools.add(new BashTool(context));
    tools.add(new RunCommandTool(context));
    return tools;
  }
}
