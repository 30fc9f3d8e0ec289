package dev.tunacode.core.coordinator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The index of a session's unfinished calls by path")
class FootprintIndexTest {

  private final FootprintIndex index = new FootprintIndex();

  private static PlannedCall call(String name, List<String> reads, List<String> writes) {
    PlannedCall call = new PlannedCall(0, name, "probe", null);
    call.resolved = new ResolvedFootprint(false, reads.stream().map(Path::of).toList(),
      writes.stream().map(Path::of).toList());
    return call;
  }

  private static ResolvedFootprint reading(String path) {
    return new ResolvedFootprint(false, List.of(Path.of(path)), List.of());
  }

  private static ResolvedFootprint writing(String path) {
    return new ResolvedFootprint(false, List.of(), List.of(Path.of(path)));
  }

  @Test
  @DisplayName("find a write within, above or at a read's path, and never another read")
  void readsMeetWrites() {
    PlannedCall inside = call("inside", List.of(), List.of("/w/a/b/c.txt"));
    PlannedCall above = call("above", List.of(), List.of("/w/a"));
    PlannedCall same = call("same", List.of(), List.of("/w/a/b"));
    PlannedCall aside = call("aside", List.of(), List.of("/w/ab"));
    PlannedCall reader = call("reader", List.of("/w/a/b"), List.of());
    List.of(inside, above, same, aside, reader).forEach(index::add);

    assertThat(index.conflicts(reading("/w/a/b"), 10)).containsExactlyInAnyOrder(inside, above, same);
    assertThat(index.conflicts(reading("/w/x"), 10)).isEmpty();
  }

  @Test
  @DisplayName("find reads and writes within, above or at a write's path")
  void writesMeetEverything() {
    PlannedCall reader = call("reader", List.of("/w/a"), List.of());
    PlannedCall deepReader = call("deep", List.of("/w/a/b/c"), List.of());
    PlannedCall other = call("other", List.of("/w/b"), List.of());
    List.of(reader, deepReader, other).forEach(index::add);

    assertThat(index.conflicts(writing("/w/a/b"), 10)).containsExactlyInAnyOrder(reader, deepReader);
  }

  @Test
  @DisplayName("forget a removed call, and say so when there are more conflicts than the limit")
  void removeAndLimit() {
    PlannedCall one = call("one", List.of(), List.of("/w/f"));
    PlannedCall two = call("two", List.of("/w/f"), List.of("/w/g"));
    index.add(one);
    index.add(two);
    index.remove(one);

    assertThat(index.conflicts(reading("/w/f"), 10)).isEmpty();
    assertThat(index.conflicts(writing("/w"), 10)).containsExactly(two);
    assertThat(index.conflicts(writing("/w"), 0)).isNull();
    index.remove(two);
    assertThat(index.members()).isEmpty();
    assertThat(index.conflicts(writing("/"), 10)).isEmpty();
  }

  @Test
  @DisplayName("count a call as covered by a write only when every path it touches lies within the write's")
  void covered() {
    List<Path> writes = List.of(Path.of("/w/a"));
    assertThat(FootprintIndex.coveredBy(new ResolvedFootprint(false, List.of(Path.of("/w/a/x")), List.of(Path.of("/w/a"))), writes)).isTrue();
    assertThat(FootprintIndex.coveredBy(new ResolvedFootprint(false, List.of(Path.of("/w/a/x")), List.of(Path.of("/w/b"))), writes)).isFalse();
    assertThat(FootprintIndex.coveredBy(reading("/w"), writes)).isFalse();
    assertThat(FootprintIndex.coveredBy(reading("/w/ab"), writes)).isFalse();
  }
}
