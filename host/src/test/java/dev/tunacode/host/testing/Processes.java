package dev.tunacode.host.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The processes a test's command started, as it wrote their pids into files, looked for in /proc.
 */
public final class Processes {

  private Processes() {
  }

  /** @return the pid written in {@code file}, once it is there (at most 20 s) */
  public static int written(Path file) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> pid(file), pid -> pid > 0);
  }

  // A zombie is gone for this purpose: it runs nothing, and in a container nobody may reap it.
  public static boolean alive(long pid) throws IOException {
    try {
      String stat = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")), StandardCharsets.UTF_8);
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (NoSuchFileException gone) {
      return false;
    }
  }

  private static int pid(Path file) throws IOException {
    String text = Files.exists(file) ? Files.readString(file).trim() : "";
    return text.isEmpty() ? 0 : Integer.parseInt(text);
  }
}
