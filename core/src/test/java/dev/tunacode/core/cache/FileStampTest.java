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
    assertThat(after.inode()).isEqualTo(before.inode());
    assertThat(after.device()).isEqualTo(before.device());
    assertThat(after).isNotEqualTo(before); // the change time moved
  }

  @Test
  void aReplacementIsAnotherFile() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "one");
    FileStamp before = FileStamp.of(file);
    Path next = Files.writeString(dir.resolve("a.txt.tmp"), "two");
    Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    assertThat(FileStamp.of(file).inode()).isNotEqualTo(before.inode());
    assertThat(FileStamp.of(file).inode()).isEqualTo(Files.getAttribute(file, "unix:ino"));
  }

  @Test
  void itSaysWhatTheJdkSays() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "three");
    FileStamp stamp = FileStamp.of(file);

    assertThat(stamp.size()).isEqualTo(5);
    assertThat(stamp.modifiedNanos()).isEqualTo(Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.NANOSECONDS));
    assertThat(stamp.changedNanos()).isEqualTo(((FileTime) Files.getAttribute(file, "unix:ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS));
    assertThat(stamp.inode()).isEqualTo(Files.getAttribute(file, "unix:ino"));
    assertThat(stamp.device()).isEqualTo(Files.getAttribute(file, "unix:dev"));
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
    assertThatThrownBy(() -> FileStamp.of(dir.resolve("missing"))).isInstanceOfSatisfying(dev.tunacode.core.os.PosixException.class,
      e -> assertThat(e.errno()).isEqualTo(dev.tunacode.core.os.Errno.ENOENT));
  }
}
