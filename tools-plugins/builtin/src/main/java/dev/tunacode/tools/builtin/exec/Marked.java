package dev.tunacode.tools.builtin.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the processes that carry a command's mark in their environment, by reading {@code /proc}: the
 * way to find what a command started after its parent had left, which no process tree shows.
 */
final class Marked {

  private static final Path PROC = Path.of("/proc");
  private static final long SELF = ProcessHandle.current().pid();

  private Marked() {
  }

  /** @return the live processes whose environment holds {@code TUNACODE_RUN=token} */
  static List<ProcessHandle> find(String token) {
    byte[] mark = (GroupKill.MARK + "=" + token + "\0").getBytes(StandardCharsets.UTF_8);
    List<ProcessHandle> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, Marked::isPid)) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (pid != SELF && carries(entry.resolve("environ"), mark)) {
          Optional<ProcessHandle> process = ProcessHandle.of(pid);
          process.ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      // Without /proc only the process tree is known, which is what GroupKill had before.
    }
    return found;
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }

  // A process of another user, or one that ended meanwhile, cannot be read: it is not ours to stop.
  private static boolean carries(Path environ, byte[] mark) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(environ);
    } catch (IOException | SecurityException e) {
      return false;
    }
    outer:
    for (int i = 0; i + mark.length <= bytes.length; i++) {
      if (i > 0 && bytes[i - 1] != 0) {
        continue;
      }
      for (int j = 0; j < mark.length; j++) {
        if (bytes[i + j] != mark[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
