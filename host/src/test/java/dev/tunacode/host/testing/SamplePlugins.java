package dev.tunacode.host.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugins written for tests, as sources a plugin author would write against the SPI: one plugin class and
 * its tools, each tool's {@code execute} given as a body.
 */
public final class SamplePlugins {

  private final String pkg;
  private final String name;
  private final List<String> tools = new ArrayList<>();
  private final PluginJars jar = new PluginJars();
  private String toolsBody;
  private String stopBody;

  /** @param pkg a package of its own, so that two samples' classes never clash in a test's compiler */
  public SamplePlugins(String pkg, String name) {
    this.pkg = pkg;
    this.name = name;
  }

  /**
   * Adds a tool taking {@code ms} (an integer) and any other argument.
   *
   * @param execute the body of {@code execute(ToolCall call)}; {@code context} is the plugin's ToolContext
   */
  public SamplePlugins tool(String toolName, String kind, String execute) {
    String cls = "Tool" + tools.size();
    tools.add(cls);
    jar.source("package " + pkg + ";\n"
      + "import dev.tunacode.core.spi.*;\n"
      + "import io.vertx.core.Future;\n"
      + "import io.vertx.core.json.JsonObject;\n"
      + "public final class " + cls + " implements Tool {\n"
      + "  private static final ToolSpec SPEC = new ToolSpec(\"" + toolName + "\", ToolKind." + kind + ", \"a sample tool\",\n"
      + "    ArgsSchema.object().integer(\"ms\", \"how long to take\", 0L).additionalProperties().build());\n"
      + "  private final ToolContext context;\n"
      + "  public " + cls + "(ToolContext context) { this.context = context; }\n"
      + "  @Override public ToolSpec spec() { return SPEC; }\n"
      + "  @Override public Footprint footprint(JsonObject args) { return Footprint.none(); }\n"
      + "  @Override public Future<JsonObject> execute(ToolCall call) {\n" + execute + "\n  }\n"
      + "}\n");
    return this;
  }

  /** A tool that answers {@code text} after {@code ms}, on a timer. */
  public SamplePlugins answering(String toolName, String text) {
    return tool(toolName, "READ_ONLY", "long ms = call.args().getLong(\"ms\", 0L);\n"
      + "JsonObject out = new JsonObject().put(\"text\", \"" + text + "\");\n"
      + "if (ms <= 0) return Future.succeededFuture(out);\n"
      + "io.vertx.core.Promise<JsonObject> done = io.vertx.core.Promise.promise();\n"
      + "context.vertx().setTimer(ms, t -> done.complete(out));\n"
      + "return done.future();");
  }

  /** Replaces the body of the plugin's {@code tools(ToolContext context)}. */
  public SamplePlugins toolsBody(String body) {
    this.toolsBody = body;
    return this;
  }

  /** Gives the plugin a {@code stop()} with this body. */
  public SamplePlugins stopBody(String body) {
    this.stopBody = body;
    return this;
  }

  /** Adds another source to the jar, such as a library class the tools use. */
  public SamplePlugins source(String source) {
    jar.source(source);
    return this;
  }

  /** Puts a file in the jar, such as a resource its tools read. */
  public SamplePlugins file(String name, String content) {
    jar.file(name, content);
    return this;
  }

  public SamplePlugins manifest(String key, String value) {
    jar.manifest(key, value);
    return this;
  }

  /** Compiles and packs the plugin; {@code leaveOut} names classes to leave out of the jar. */
  public Path build(Path where, String... leaveOut) throws IOException {
    StringBuilder list = new StringBuilder();
    for (String tool : tools) {
      list.append(list.length() == 0 ? "" : ", ").append("new ").append(tool).append("(context)");
    }
    jar.source("package " + pkg + ";\n"
      + "import dev.tunacode.core.spi.*;\n"
      + "import java.util.List;\n"
      + "public final class SamplePlugin implements ToolPlugin {\n"
      + "  @Override public String name() { return \"" + name + "\"; }\n"
      + "  @Override public List<Tool> tools(ToolContext context) {\n"
      + (toolsBody != null ? toolsBody : "    return List.of(" + list + ");") + "\n  }\n"
      + (stopBody != null ? "  @Override public void stop() {\n" + stopBody + "\n  }\n" : "")
      + "}\n");
    jar.plugin(pkg + ".SamplePlugin");
    return jar.build(where, leaveOut);
  }
}
