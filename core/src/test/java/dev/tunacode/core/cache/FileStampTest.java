package dev.tunacode.core.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileStampTest {

  @TempDir
  Path dir;

  @Test
  void aWriteOfTheSameSizeWithTheModificationTimeSetBackStillMovesTheStamp() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "one");
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, old);
    FileStamp before = FileStamp.of(file);

    Files.writeString(file, "two");
    Files.setLastModifiedTime(file, old);
    FileStamp after = FileStamp.of(file);

    assertThat(after.size()).isEqualTo(before.size());
    assertThat(after.modifiedNanos()).isEqualTo(before.modifiedNanos());
    assertThat(after.fileKey()).isEqualTo(before.fileKey());
    assertThat(after).isNotEqualTo(before); // the change time moved
  }

  @Test
  void aReplacementIsAnotherFile() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "one");
    FileStamp before = FileStamp.of(file);
    Path next = Files.writeString(dir.resolve("a.txt.tmp"), "two");
    Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    assertThat(FileStamp.of(file).fileKey()).isNotEqualTo(before.fileKey());
  }

  @Test
  void aStampSettlesOnlyAMarginAfterItsLatestTime() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "one");
    FileStamp fresh = FileStamp.of(file);
    long latest = Math.max(fresh.modifiedNanos(), fresh.changedNanos());

    assertThat(FileStamp.wallNanos()).isGreaterThanOrEqualTo(fresh.modifiedNanos());
    assertThat(fresh.settled(latest + FileStamp.SETTLE_NANOS - 1)).isFalse();
    assertThat(fresh.settled(latest + FileStamp.SETTLE_NANOS)).isTrue();
    assertThat(FileStamp.of(dir).folder()).isTrue();
    assertThat(fresh.folder()).isFalse();
  }

  @Test
  void aMissingFileHasNoStamp() {
    assertThat(FileStamp.orNull(dir.resolve("missing"))).isNull();
    assertThatThrownBy(() -> FileStamp.of(dir.resolve("missing"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
