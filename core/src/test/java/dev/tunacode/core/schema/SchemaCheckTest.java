package dev.tunacode.core.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The schema check")
class SchemaCheckTest {

  private static JsonObject withProperty(String name, JsonObject property) {
    return new JsonObject().put("type", "object").put("properties", new JsonObject().put(name, property));
  }

  private static JsonObject typed(String type) {
    return new JsonObject().put("type", type);
  }

  @Test
  @DisplayName("passes every schema the argument check understands, the validator's own test schema included")
  void passesGoodSchemas() {
    assertThat(SchemaCheck.whyInvalid(new JsonObject().put("type", "object"))).isNull();
    assertThat(SchemaCheck.whyInvalid(ArgsValidatorTest.SCHEMA)).isNull();
    assertThat(SchemaCheck.whyInvalid(new JsonObject().put("type", "object").put("properties", new JsonObject())
      .put("required", new JsonArray()).put("additionalProperties", true))).isNull();
    assertThat(SchemaCheck.whyInvalid(withProperty("n", typed("number").put("minimum", 0.5).put("maximum", 2)
      .put("default", 1).put("description", "a ratio")))).isNull();
  }

  @Test
  @DisplayName("refuses a missing schema")
  void refusesNull() {
    assertThat(SchemaCheck.whyInvalid(null))
      .isEqualTo("the schema is null; give an object schema such as {\"type\":\"object\",\"properties\":{}}");
  }

  @Test
  @DisplayName("refuses a schema whose type is not \"object\", or that has none")
  void refusesOtherTypes() {
    assertThat(SchemaCheck.whyInvalid(typed("array")))
      .isEqualTo("the schema has type 'array'; use \"object\", as a tool's arguments are one object");
    assertThat(SchemaCheck.whyInvalid(new JsonObject().put("type", 3)))
      .isEqualTo("the schema has type 3; use \"object\", as a tool's arguments are one object");
    assertThat(SchemaCheck.whyInvalid(new JsonObject().put("properties", new JsonObject())))
      .isEqualTo("the schema has no type; use \"object\", as a tool's arguments are one object");
  }

  @Test
  @DisplayName("refuses properties that are not an object, null included")
  void refusesPropertiesNotAnObject() {
    assertThat(SchemaCheck.whyInvalid(typed("object").put("properties", new JsonArray().add("path"))))
      .isEqualTo("properties is an array; make it an object that maps each argument's name to its schema");
    assertThat(SchemaCheck.whyInvalid(typed("object").putNull("properties")))
      .isEqualTo("properties is null; make it an object that maps each argument's name to its schema");
  }

  @Test
  @DisplayName("refuses a property that is not an object")
  void refusesPropertyNotAnObject() {
    JsonObject schema = typed("object").put("properties", new JsonObject().put("path", "string"));

    assertThat(SchemaCheck.whyInvalid(schema))
      .isEqualTo("property 'path' is a string; make it an object such as {\"type\":\"string\"}");
  }

  @Test
  @DisplayName("refuses a property without a type or with one the check does not know")
  void refusesUnknownTypes() {
    assertThat(SchemaCheck.whyInvalid(withProperty("path", typed("strin"))))
      .isEqualTo("property 'path' has type 'strin'; use string, integer, number, boolean, array or object");
    assertThat(SchemaCheck.whyInvalid(withProperty("path", new JsonObject().put("type", new JsonArray().add("string")))))
      .isEqualTo("property 'path' has type [\"string\"]; use string, integer, number, boolean, array or object");
    assertThat(SchemaCheck.whyInvalid(withProperty("path", new JsonObject().put("description", "the file"))))
      .isEqualTo("property 'path' has no type; use string, integer, number, boolean, array or object");
  }

  @Test
  @DisplayName("refuses a minimum or maximum that is not a number")
  void refusesBoundsNotNumbers() {
    assertThat(SchemaCheck.whyInvalid(withProperty("ms", typed("integer").put("minimum", "0"))))
      .isEqualTo("property 'ms' has minimum '0', which is a string; write it as a JSON number");
    assertThat(SchemaCheck.whyInvalid(withProperty("ms", typed("integer").put("maximum", true))))
      .isEqualTo("property 'ms' has maximum true, which is a boolean; write it as a JSON number");
  }

  @Test
  @DisplayName("refuses an enum that is not an array")
  void refusesEnumNotAnArray() {
    assertThat(SchemaCheck.whyInvalid(withProperty("mode", typed("string").put("enum", "a,b"))))
      .isEqualTo("property 'mode' has enum 'a,b', which is a string; list the allowed values in a JSON array");
  }

  @Test
  @DisplayName("checks an array's items as a property, where the type may be left out")
  void checksItems() {
    assertThat(SchemaCheck.whyInvalid(withProperty("tags", typed("array").put("items", new JsonObject())))).isNull();
    assertThat(SchemaCheck.whyInvalid(withProperty("tags", typed("array").put("items", "string"))))
      .isEqualTo("property 'tags[]' is a string; make it an object such as {\"type\":\"string\"}");
    assertThat(SchemaCheck.whyInvalid(withProperty("tags", typed("array").put("items", typed("text")))))
      .isEqualTo("property 'tags[]' has type 'text'; use string, integer, number, boolean, array or object");
  }

  @Test
  @DisplayName("refuses required when it is not an array of strings")
  void refusesRequiredNotStrings() {
    JsonObject schema = withProperty("path", typed("string"));

    assertThat(SchemaCheck.whyInvalid(schema.copy().put("required", "path")))
      .isEqualTo("required is a string; list the names of the required properties in a JSON array, such as [\"path\"]");
    assertThat(SchemaCheck.whyInvalid(schema.copy().putNull("required")))
      .isEqualTo("required is null; list the names of the required properties in a JSON array, such as [\"path\"]");
    assertThat(SchemaCheck.whyInvalid(schema.copy().put("required", new JsonArray().add("path").add(1))))
      .isEqualTo("required holds 1, which is a number; list property names only");
  }

  @Test
  @DisplayName("refuses required naming a property the schema does not declare")
  void refusesRequiredUnknown() {
    JsonObject schema = withProperty("path", typed("string")).put("required", new JsonArray().add("path").add("pth"));

    assertThat(SchemaCheck.whyInvalid(schema))
      .isEqualTo("required names 'pth', which is not among the properties; declare it or take it out of required");
  }

  @Test
  @DisplayName("refuses additionalProperties that is not a boolean")
  void refusesAdditionalPropertiesNotBoolean() {
    assertThat(SchemaCheck.whyInvalid(typed("object").put("additionalProperties", "yes")))
      .isEqualTo("additionalProperties is a string; use true to let unknown arguments through, or false (the default) "
        + "to refuse them");
    assertThat(SchemaCheck.whyInvalid(typed("object").put("additionalProperties", new JsonObject())))
      .isEqualTo("additionalProperties is an object; use true to let unknown arguments through, or false (the default) "
        + "to refuse them");
  }
}
