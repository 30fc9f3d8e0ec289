package dev.tunacode.tools.builtin.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Whether a process still runs, read from {@code /proc}.
 */
final class Processes {

  private Processes() {
  }

  // A killed process may stay a zombie until something reaps it; it runs nothing then.
  static boolean gone(long pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!running(pid)) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return false;
  }

  private static boolean running(long pid) throws IOException {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (NoSuchFileException ended) {
      return false;
    }
    String state = Arrays.asList(stat.substring(stat.lastIndexOf(')') + 2).split(" ")).get(0);
    return !state.equals("Z") && !state.equals("X");
  }
}
