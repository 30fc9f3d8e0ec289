package dev.tunacode.core.spi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A tool spec")
class ToolSpecTest {

  private static final String SCHEMA_TEXT = "{\"type\":\"object\",\"properties\":{"
    + "\"path\":{\"type\":\"string\",\"description\":\"The file.\"}},\"required\":[\"path\"]}";

  private static JsonObject schema() {
    return ArgsSchema.object().string("path", "The file.").required("path").build();
  }

  private static ToolSpec named(String name) {
    return new ToolSpec(name, ToolKind.READ_ONLY, "Reads a file.", schema());
  }

  /** A tool that says what it is through its spec only. */
  private static final class Reader implements Tool {
    private final ToolSpec spec = named("read_thing");

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public Footprint footprint(JsonObject args) {
      return Footprint.none();
    }

    @Override
    public Future<JsonObject> execute(ToolCall call) {
      return Future.succeededFuture(new JsonObject().put("text", ""));
    }
  }

  @Test
  @DisplayName("gives a tool its name, kind, description and schema")
  void givesTheParts() {
    Tool tool = new Reader();

    assertThat(tool.name()).isEqualTo("read_thing");
    assertThat(tool.kind()).isEqualTo(ToolKind.READ_ONLY);
    assertThat(tool.description()).isEqualTo("Reads a file.");
    assertThat(tool.schema().encode()).isEqualTo(SCHEMA_TEXT);
    assertThat(tool.defaultTimeoutMs()).isEqualTo(Tool.DEFAULT_TIMEOUT_MS);
  }

  @Test
  @DisplayName("accepts names of 1 to 64 lower case letters, digits and _, starting with a letter")
  void acceptsNames() {
    assertThat(named("a").name()).isEqualTo("a");
    assertThat(named("grep_2").name()).isEqualTo("grep_2");
    assertThat(named("a" + "b".repeat(63)).name()).hasSize(64);
  }

  @Test
  @DisplayName("refuses a missing name, and one that breaks the rule, saying the rule")
  void refusesNames() {
    assertThatThrownBy(() -> named(null)).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("A tool needs a name; use 1 to 64 lower case letters, digits and _, starting with a letter, such as "
        + "read_file.");
    for (String name : new String[] {"", "Read_File", "read-file", "1read", "_read", "read file", "a" + "b".repeat(64)}) {
      assertThatThrownBy(() -> named(name)).as(name).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tool name '" + name + "' is invalid; use 1 to 64 lower case letters, digits and _, starting with a "
          + "letter, such as read_file.");
    }
  }

  @Test
  @DisplayName("refuses a missing kind")
  void refusesNoKind() {
    assertThatThrownBy(() -> new ToolSpec("read_thing", null, "Reads a file.", schema()))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Tool 'read_thing' needs a kind: ToolKind.READ_ONLY, WRITE or EXECUTE, for what it does to the world.");
  }

  @Test
  @DisplayName("refuses a missing or blank description")
  void refusesNoDescription() {
    for (String description : new String[] {null, "", " \t"}) {
      assertThatThrownBy(() -> new ToolSpec("read_thing", ToolKind.READ_ONLY, description, schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tool 'read_thing' needs a description: one line for the tool list, saying what it does.");
    }
  }

  @Test
  @DisplayName("refuses a missing schema, and one the host cannot check arguments against, saying why")
  void refusesBadSchemas() {
    assertThatThrownBy(() -> new ToolSpec("read_thing", ToolKind.READ_ONLY, "Reads a file.", null))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Tool 'read_thing' has a schema the host cannot check arguments against: the schema is null; give an "
        + "object schema such as {\"type\":\"object\",\"properties\":{}}.");
    JsonObject misspelt = schema();
    misspelt.getJsonObject("properties").getJsonObject("path").put("type", "strin");
    assertThatThrownBy(() -> new ToolSpec("read_thing", ToolKind.READ_ONLY, "Reads a file.", misspelt))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Tool 'read_thing' has a schema the host cannot check arguments against: property 'path' has type "
        + "'strin'; use string, integer, number, boolean, array or object.");
    JsonObject unknownRequired = schema().put("required", new JsonArray().add("pth"));
    assertThatThrownBy(() -> new ToolSpec("read_thing", ToolKind.READ_ONLY, "Reads a file.", unknownRequired))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Tool 'read_thing' has a schema the host cannot check arguments against: required names 'pth', which is "
        + "not among the properties; declare it or take it out of required.");
  }

  @Test
  @DisplayName("keeps its own copy of the schema: changing the object it was given changes nothing")
  void copiesOnTheWayIn() {
    JsonObject given = schema();
    ToolSpec spec = new ToolSpec("read_thing", ToolKind.READ_ONLY, "Reads a file.", given);

    given.put("additionalProperties", true);
    given.getJsonObject("properties").getJsonObject("path").put("type", "integer");
    given.getJsonArray("required").clear();

    assertThat(spec.schema().encode()).isEqualTo(SCHEMA_TEXT);
  }

  @Test
  @DisplayName("hands out a new copy of the schema each time: changing one, at any depth, changes nothing")
  void copiesOnTheWayOut() {
    Tool tool = new Reader();
    JsonObject handed = tool.schema();

    handed.remove("required");
    handed.getJsonObject("properties").getJsonObject("path").put("type", "integer");
    tool.spec().schema().getJsonObject("properties").put("extra", new JsonObject().put("type", "string"));

    assertThat(handed).isNotSameAs(tool.schema());
    assertThat(tool.schema().encode()).isEqualTo(SCHEMA_TEXT);
    assertThat(tool.spec().schema().encode()).isEqualTo(SCHEMA_TEXT);
  }

  @Test
  @DisplayName("is equal to a spec of the same parts")
  void equality() {
    assertThat(named("read_thing")).isEqualTo(named("read_thing")).hasSameHashCodeAs(named("read_thing"));
    assertThat(named("read_thing")).isNotEqualTo(named("read_other"));
  }
}
