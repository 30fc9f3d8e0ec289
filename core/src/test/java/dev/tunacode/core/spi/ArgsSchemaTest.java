package dev.tunacode.core.spi;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The schema builder")
class ArgsSchemaTest {

  @Test
  @DisplayName("writes each kind of property in the order declared, type and description first, then the required list")
  void exactJson() {
    JsonObject schema = ArgsSchema.object()
      .string("path", "The file.")
      .string("dir", "The folder.", ".")
      .bool("hidden", "Show dot files.", false)
      .integer("limit", "How many.", 1, 100, 10L)
      .integer("offset", "Where to start.", 1, Long.MAX_VALUE, null)
      .integer("timeout", "Seconds.", 30L)
      .number("ratio", "A ratio.")
      .oneOf("mode", "How to answer.", "lines", "lines", "count")
      .field("env", "object", "Variables.")
      .field("tags", "array", "Labels.")
      .required("path", "mode")
      .build();

    assertThat(schema.encode()).isEqualTo("{\"type\":\"object\",\"properties\":{"
      + "\"path\":{\"type\":\"string\",\"description\":\"The file.\"},"
      + "\"dir\":{\"type\":\"string\",\"description\":\"The folder.\",\"default\":\".\"},"
      + "\"hidden\":{\"type\":\"boolean\",\"description\":\"Show dot files.\",\"default\":false},"
      + "\"limit\":{\"type\":\"integer\",\"description\":\"How many.\",\"minimum\":1,\"maximum\":100,\"default\":10},"
      + "\"offset\":{\"type\":\"integer\",\"description\":\"Where to start.\",\"minimum\":1,\"maximum\":9223372036854775807},"
      + "\"timeout\":{\"type\":\"integer\",\"description\":\"Seconds.\",\"default\":30},"
      + "\"ratio\":{\"type\":\"number\",\"description\":\"A ratio.\"},"
      + "\"mode\":{\"type\":\"string\",\"description\":\"How to answer.\",\"default\":\"lines\",\"enum\":[\"lines\",\"count\"]},"
      + "\"env\":{\"type\":\"object\",\"description\":\"Variables.\"},"
      + "\"tags\":{\"type\":\"array\",\"description\":\"Labels.\"}},"
      + "\"required\":[\"path\",\"mode\"]}");
  }

  @Test
  @DisplayName("writes a required list only when required(...) is called, and additionalProperties only when allowed")
  void optionalParts() {
    assertThat(ArgsSchema.object().build().encode()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
    assertThat(ArgsSchema.object().required().build().encode())
      .isEqualTo("{\"type\":\"object\",\"properties\":{},\"required\":[]}");
    assertThat(ArgsSchema.object().string("text", "Any text.").additionalProperties().build().encode())
      .isEqualTo("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\",\"description\":\"Any text.\"}},"
        + "\"additionalProperties\":true}");
  }

  @Test
  @DisplayName("builds a new object every time, which the builder does not share")
  void buildsCopies() {
    ArgsSchema builder = ArgsSchema.object().string("path", "The file.").required("path");
    JsonObject first = builder.build();
    first.getJsonObject("properties").getJsonObject("path").put("type", "integer");
    first.getJsonArray("required").add("other");

    assertThat(builder.build().encode()).isEqualTo("{\"type\":\"object\",\"properties\":{"
      + "\"path\":{\"type\":\"string\",\"description\":\"The file.\"}},\"required\":[\"path\"]}");
  }

  @Test
  @DisplayName("accepts required names given before the properties they name")
  void requiredBeforeDeclared() {
    assertThat(ArgsSchema.object().required("path").string("path", "The file.").build().getJsonArray("required").encode())
      .isEqualTo("[\"path\"]");
  }

  @Test
  @DisplayName("refuses a required name that is not a property, or one given twice")
  void refusesBadRequired() {
    ArgsSchema misspelt = ArgsSchema.object().string("filepath", "The file.").required("fielpath");

    assertThatThrownBy(misspelt::build).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("required(...) names 'fielpath', which is not a property; declare it with string(...), integer(...) "
        + "or the like, or take it out of required(...).");
    assertThatThrownBy(() -> ArgsSchema.object().required("path", "path")).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'path' is named twice in required(...); name it once.");
    assertThatThrownBy(() -> ArgsSchema.object().required((String) null)).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("required(...) holds null; name declared properties only.");
  }

  @Test
  @DisplayName("refuses a minimum above the maximum, and a default outside them")
  void refusesBadRange() {
    assertThatThrownBy(() -> ArgsSchema.object().integer("timeout", "Seconds.", 300, 1, null))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'timeout' has minimum 300 above its maximum 1; give the smaller bound first.");
    assertThatThrownBy(() -> ArgsSchema.object().integer("timeout", "Seconds.", 1, 300, 0L))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'timeout' has default 0 outside its range 1 to 300; choose a default inside the range.");
    assertThatThrownBy(() -> ArgsSchema.object().integer("timeout", "Seconds.", 1, 300, 301L))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'timeout' has default 301 outside its range 1 to 300; choose a default inside the range.");
  }

  @Test
  @DisplayName("refuses a choice with no values, a value twice or null, and a default that is not one of them")
  void refusesBadChoices() {
    assertThatThrownBy(() -> ArgsSchema.object().oneOf("mode", "How.", null)).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'mode' allows no value; list the values it may take.");
    assertThatThrownBy(() -> ArgsSchema.object().oneOf("mode", "How.", null, "a", "a"))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'mode' lists 'a' twice among its values; list each allowed string once.");
    assertThatThrownBy(() -> ArgsSchema.object().oneOf("mode", "How.", null, "a", null))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'mode' lists null among its values; list each allowed string once.");
    assertThatThrownBy(() -> ArgsSchema.object().oneOf("mode", "How.", "c", "a", "b"))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'mode' has default 'c', which is not one of [\"a\",\"b\"]; choose one of them as the default.");
  }

  @Test
  @DisplayName("refuses a property declared twice, one without a name or description, and a type it does not know")
  void refusesBadProperties() {
    assertThatThrownBy(() -> ArgsSchema.object().string("path", "The file.").bool("path", "Again.", false))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'path' is declared twice; declare each property once.");
    assertThatThrownBy(() -> ArgsSchema.object().string(" ", "The file.")).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("A property needs a name: the argument's name, such as path.");
    assertThatThrownBy(() -> ArgsSchema.object().string("path", null)).isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'path' needs a description: the agent reads it to know what to send.");
    assertThatThrownBy(() -> ArgsSchema.object().field("env", "map", "Variables."))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("Property 'env' has type 'map'; use string, integer, number, boolean, array or object.");
  }
}
