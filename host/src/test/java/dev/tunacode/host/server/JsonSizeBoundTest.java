package dev.tunacode.host.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.AbstractList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("An upper bound on a message's encoded size")
class JsonSizeBoundTest {

  private static final String[] TEXTS = {"", "echo", "ünï çødé", "quote \" and \\ back", "\u0000\u001f control", "🐟 tab\t"};

  @Test
  @DisplayName("is never below the encoded length, for nested objects, arrays, texts that need escapes and numbers")
  void neverBelow() {
    Random random = new Random(3);
    for (int round = 0; round < 500; round++) {
      JsonObject message = new JsonObject().put("body", value(random, 0));
      String encoded = message.encode();

      assertThat(JsonSizeBound.of(message)).as(encoded).isGreaterThanOrEqualTo(encoded.length());
    }
    JsonObject huge = new JsonObject().put("n", new BigInteger("9".repeat(500)));
    assertThat(JsonSizeBound.of(huge)).isGreaterThanOrEqualTo(huge.encode().length());
  }

  @Test
  @DisplayName("stays within a few times the size of an ordinary call, so that such a call is never encoded to be measured")
  void closeForOrdinaryCalls() {
    JsonObject call = new JsonObject().put("type", "send").put("address", "tunacode.call").put("replyAddress", "0f1e2d3c")
      .put("body", new JsonObject().put("tool", "echo").put("args", new JsonObject().put("text", "hi")));

    assertThat(JsonSizeBound.of(call)).isLessThan(7L * call.encode().length());
  }

  @Test
  @DisplayName("judges a value against a limit by walking only as far as the limit: a result of millions of items costs a few")
  void exceedsStopsAtTheLimit() {
    AtomicInteger read = new AtomicInteger();
    List<Object> items = new AbstractList<>() {
      @Override
      public Object get(int index) {
        read.incrementAndGet();
        return new JsonObject().put("text", "x".repeat(100));
      }

      @Override
      public int size() {
        return 1_000_000;
      }
    };
    JsonObject result = new JsonObject().put("output", new JsonObject().put("matches", new JsonArray(items)));

    assertThat(JsonSizeBound.exceeds(result, 10_000)).isTrue();
    assertThat(read.get()).as("the items whose bounds reach 10,000, at about 630 each").isEqualTo(16);
    assertThat(JsonSizeBound.exceeds(new JsonObject().put("text", "x".repeat(100)), 10_000)).isFalse();
  }

  private static Object value(Random random, int depth) {
    int kind = depth > 3 ? 2 + random.nextInt(4) : random.nextInt(6);
    switch (kind) {
      case 0: {
        JsonObject object = new JsonObject();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.put(TEXTS[random.nextInt(TEXTS.length)] + i, value(random, depth + 1));
        }
        return object;
      }
      case 1: {
        JsonArray array = new JsonArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(value(random, depth + 1));
        }
        return array;
      }
      case 2:
        return TEXTS[random.nextInt(TEXTS.length)];
      case 3:
        return random.nextBoolean() ? random.nextLong() : -random.nextDouble() * 1e300;
      case 4:
        return random.nextBoolean();
      default:
        return null;
    }
  }
}
