package dev.tunacode.core.schema;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The argument check")
class ArgsValidatorTest {

  static final JsonObject SCHEMA = new JsonObject()
    .put("type", "object")
    .put("properties", new JsonObject()
      .put("path", new JsonObject().put("type", "string"))
      .put("limit", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", 100))
      .put("mode", new JsonObject().put("type", "string").put("enum", new JsonArray().add("a").add("b")))
      .put("flag", new JsonObject().put("type", "boolean"))
      .put("env", new JsonObject().put("type", "object"))
      .put("tags", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string"))))
    .put("required", new JsonArray().add("path"));

  @Test
  @DisplayName("accepts well-typed arguments, and whole numbers written as 5.0 for integers")
  void accepts() {
    JsonObject args = new JsonObject().put("path", "a").put("limit", 5.0).put("mode", "b").put("flag", true)
      .put("env", new JsonObject()).put("tags", new JsonArray().add("x"));

    assertThat(ArgsValidator.validate("t", SCHEMA, args)).isSameAs(args);
  }

  @Test
  @DisplayName("names the field and what it wanted for every kind of mistake")
  void refuses() {
    assertInvalid(new JsonObject(), "Invalid arguments for t: Missing required argument 'path' (string).");
    assertInvalid(new JsonObject().put("path", 3), "Invalid arguments for t: Argument 'path' must be a string, got number 3.");
    assertInvalid(new JsonObject().put("path", "a").put("limit", 1.5),
      "Invalid arguments for t: Argument 'limit' must be an integer, got number 1.5.");
    assertInvalid(new JsonObject().put("path", "a").put("limit", 0), "Invalid arguments for t: Argument 'limit' must be at least 1, got 0.");
    assertInvalid(new JsonObject().put("path", "a").put("limit", 101), "Invalid arguments for t: Argument 'limit' must be at most 100, got 101.");
    assertInvalid(new JsonObject().put("path", "a").put("mode", "c"),
      "Invalid arguments for t: Argument 'mode' must be one of [\"a\",\"b\"], got string \"c\".");
    assertInvalid(new JsonObject().put("path", "a").put("flag", "yes"),
      "Invalid arguments for t: Argument 'flag' must be a boolean, got string \"yes\".");
    assertInvalid(new JsonObject().put("path", "a").put("env", "x=1"), "Invalid arguments for t: Argument 'env' must be an object, got string \"x=1\".");
    assertInvalid(new JsonObject().put("path", "a").put("tags", new JsonArray().add(1)),
      "Invalid arguments for t: Argument 'tags[0]' must be a string, got number 1.");
    assertInvalid(new JsonObject().put("path", "a").put("pth", "b"),
      "Invalid arguments for t: Unknown argument 'pth'. Known arguments: env, flag, limit, mode, path, tags.");
  }

  @Test
  @DisplayName("takes a null field as not given, and refuses null inside an array")
  void nulls() {
    JsonObject checked = ArgsValidator.validate("t", SCHEMA, new JsonObject().put("path", "a").putNull("limit").putNull("flag"));

    assertThat(checked).isEqualTo(new JsonObject().put("path", "a"));
    assertInvalid(new JsonObject().putNull("path"), "Invalid arguments for t: Missing required argument 'path' (string).");
    assertInvalid(new JsonObject().put("path", "a").put("tags", new JsonArray().addNull()),
      "Invalid arguments for t: Argument 'tags[0]' must be a string, got null.");
  }

  @Test
  @DisplayName("compares whole numbers exactly, so that 2^63 does not pass for Long.MAX_VALUE, and reads big ones as longs")
  void bigNumbers() {
    JsonObject schema = new JsonObject().put("properties", new JsonObject()
      .put("offset", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", Long.MAX_VALUE)));

    assertThatThrownBy(() -> ArgsValidator.validate("t", schema, new JsonObject().put("offset", new BigInteger("9223372036854775808"))))
      .hasMessage("Invalid arguments for t: Argument 'offset' must be at most 9223372036854775807, got 9223372036854775808.");
    assertThatThrownBy(() -> ArgsValidator.validate("t", schema, new JsonObject().put("offset", 9.3e18)))
      .hasMessage("Invalid arguments for t: Argument 'offset' must be at most 9223372036854775807, got 9.3E18.");
    assertThatThrownBy(() -> ArgsValidator.validate("t", schema, new JsonObject().put("offset", new BigDecimal("1.5"))))
      .hasMessage("Invalid arguments for t: Argument 'offset' must be an integer, got number 1.5.");
    JsonObject exact = ArgsValidator.validate("t", schema, new JsonObject().put("offset", new BigInteger("9223372036854775807")));
    assertThat(exact.getValue("offset")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  @DisplayName("lets unknown fields through only when the schema says additionalProperties")
  void additionalProperties() {
    JsonObject open = SCHEMA.copy().put("additionalProperties", true);

    assertThat(ArgsValidator.validate("t", open, new JsonObject().put("path", "a").put("extra", 1)).getInteger("extra")).isEqualTo(1);
  }

  private static void assertInvalid(JsonObject args, String message) {
    assertThatThrownBy(() -> ArgsValidator.validate("t", SCHEMA, args))
      .isInstanceOfSatisfying(ToolException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(e.getMessage()).isEqualTo(message);
      });
  }
}
