package dev.tunacode.core.cache;

import dev.tunacode.core.os.Posix;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A workspace's file system")
class RemoteFileSystemsTest {

  @TempDir
  Path folder;

  @Test
  @DisplayName("is what statfs says, as stat -f says it, and a local one is not remote")
  void localIsLocal() throws Exception {
    Process stat = new ProcessBuilder("stat", "-f", "--format=%t", folder.toString()).start();
    String said = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(stat.waitFor()).isZero();

    assertThat(Long.toHexString(Posix.fileSystemType(folder.toString()))).isEqualTo(said);
    assertThat(RemoteFileSystems.of(folder)).isNull();
    assertThat(Posix.fileSystemType(folder.resolve("missing").toString())).isEqualTo(-1);
  }

  @Test
  @DisplayName("is remote for NFS, SMB and FUSE, whose changes elsewhere no watcher here hears of")
  void remoteAreKnown() {
    assertThat(RemoteFileSystems.named(0x6969)).isEqualTo("NFS");
    assertThat(RemoteFileSystems.named(0xFF534D42L)).isEqualTo("CIFS");
    assertThat(RemoteFileSystems.named(0xFFFFFFFFFF534D42L)).as("sign-extended").isEqualTo("CIFS");
    assertThat(RemoteFileSystems.named(0x65735546)).isEqualTo("FUSE");
    assertThat(RemoteFileSystems.named(0xEF53)).as("ext4").isNull();
    assertThat(RemoteFileSystems.named(0x01021994)).as("tmpfs").isNull();
  }
}
