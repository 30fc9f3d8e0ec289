package dev.tunacode.tools.builtin.search;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the arrays the index reads files into")
class ReadBuffersTest {

  private final ReadBuffers buffers = new ReadBuffers(1 << 20);

  @Test
  @DisplayName("an array given back is taken again when it is large enough, and a larger one is made when not")
  void reused() {
    byte[] first = buffers.take(10);
    assertThat(first).hasSizeGreaterThanOrEqualTo(10);
    buffers.give(first);
    assertThat(buffers.take(100)).isSameAs(first);
    buffers.give(first);
    byte[] larger = buffers.take(first.length + 1);
    assertThat(larger).isNotSameAs(first).hasSizeGreaterThanOrEqualTo(first.length + 1);
  }

  @Test
  @DisplayName("an array past the bound is used once; at most eight wait to be taken again")
  void bounded() {
    byte[] huge = buffers.take((1 << 20) + 1);
    buffers.give(huge);
    assertThat(buffers.take(10)).isNotSameAs(huge);

    byte[][] taken = new byte[10][];
    for (int i = 0; i < taken.length; i++) {
      taken[i] = buffers.take(10);
    }
    for (byte[] buffer : taken) {
      buffers.give(buffer);
    }
    int reused = 0;
    for (int i = 0; i < taken.length; i++) {
      byte[] again = buffers.take(10);
      for (byte[] buffer : taken) {
        reused += again == buffer ? 1 : 0;
      }
    }
    assertThat(reused).isEqualTo(8);
  }
}
