package dev.tunacode.core.spi;

import dev.tunacode.core.schema.SchemaCheck;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * What a tool is, as the tool list shows it: the name agents call it by, what it does to the world, one
 * line saying what it does, and the schema of its arguments (see {@link Tool#schema()}). It is checked once,
 * when it is made, so that a tool with a bad name or a schema the host cannot check fails where it is
 * written rather than when it is served or called. A tool usually holds one in a constant:
 * <pre>{@code
 * private static final ToolSpec SPEC = new ToolSpec("echo", ToolKind.READ_ONLY, "Returns its arguments.",
 *   ArgsSchema.object().string("text", "What to echo.").required("text").build());
 * }</pre>
 * The spec keeps its own copy of the schema and {@link #schema()} hands out a new copy on every call, so
 * that nothing a caller does to a schema it was given changes the spec.
 *
 * @param name        1 to 64 lower case letters, digits and {@code _}, starting with a letter, such as
 *                    {@code read_file}
 * @param kind        what the tool does to the world
 * @param description one line for the tool list
 * @param schema      the arguments' schema, in the subset the host checks, such as {@link ArgsSchema} builds
 */
public record ToolSpec(String name, ToolKind kind, String description, JsonObject schema) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final String NAME_RULE = "use 1 to 64 lower case letters, digits and _, starting with a letter, "
    + "such as read_file";

  /**
   * @throws IllegalArgumentException saying what to give instead, when the name does not follow the rule
   *                                  above, the kind is null, the description is null or blank, or the schema
   *                                  is one the host cannot check arguments against
   */
  public ToolSpec {
    if (name == null) {
      throw new IllegalArgumentException("A tool needs a name; " + NAME_RULE + ".");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Tool name '" + name + "' is invalid; " + NAME_RULE + ".");
    }
    if (kind == null) {
      throw new IllegalArgumentException("Tool '" + name + "' needs a kind: ToolKind.READ_ONLY, WRITE or EXECUTE, "
        + "for what it does to the world.");
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("Tool '" + name + "' needs a description: one line for the tool list, "
        + "saying what it does.");
    }
    // Checked on the copy, which is what the spec keeps: the caller's object may still change afterwards.
    schema = schema == null ? null : schema.copy();
    String why = SchemaCheck.whyInvalid(schema);
    if (why != null) {
      throw new IllegalArgumentException("Tool '" + name + "' has a schema the host cannot check arguments against: "
        + why + ".");
    }
  }

  /** @return a copy of the arguments' schema, new on every call */
  @Override
  public JsonObject schema() {
    return schema.copy();
  }
}
