package dev.tunacode.core.cache;

import dev.tunacode.core.os.Posix;

import java.nio.file.Path;
import java.util.Map;

/**
 * The file systems whose changes may be made where this kernel does not see them (another machine, another
 * process behind FUSE, the host of a virtual machine): inotify reports nothing of those, so a cache on them
 * could serve what another machine has changed.
 */
final class RemoteFileSystems {

  private static final Map<Long, String> NAMES = Map.ofEntries(
    Map.entry(0x6969L, "NFS"),
    Map.entry(0x517BL, "SMB"),
    Map.entry(0xFF534D42L, "CIFS"),
    Map.entry(0xFE534D42L, "SMB2"),
    Map.entry(0x65735546L, "FUSE"),
    Map.entry(0x00C36400L, "Ceph"),
    Map.entry(0x5346414FL, "AFS"),
    Map.entry(0x01021997L, "9P"),
    Map.entry(0x01161970L, "GFS2"),
    Map.entry(0x0BD00BD0L, "Lustre"),
    Map.entry(0x73757245L, "Coda"));

  private RemoteFileSystems() {
  }

  /** @return the name of the remote file system the folder is on, or null when it is local (or cannot be told) */
  static String of(Path folder) {
    return named(Posix.fileSystemType(folder.toString()));
  }

  /** @return the name of a remote file system's magic number ({@code statfs}'s {@code f_type}), or null */
  static String named(long type) {
    return NAMES.get(type & 0xFFFFFFFFL);
  }
}
