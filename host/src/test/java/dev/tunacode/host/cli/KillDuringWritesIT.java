package dev.tunacode.host.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a host with SIGKILL while it writes, again and again, in the same workspace: no file may be torn,
 * and the temporary files of the writes it was killed in may not pile up.
 */
@DisplayName("A host killed while it writes")
class KillDuringWritesIT {

  static final int KILLS = 20;
  static final int EDITED = 4;
  static final int LINE = 50_000;

  @TempDir
  Path workspace;

  @Test
  @DisplayName("leaves every file whole, old or new, and at most one temporary file per file it was replacing")
  void killedAgainAndAgain() throws Exception {
    for (int f = 0; f < EDITED; f++) {
      Files.writeString(workspace.resolve("f" + f), "A".repeat(LINE) + "\n");
    }
    Random random = new Random(8);
    for (int kill = 0; kill < KILLS; kill++) {
      Process host = Cli.startQuiet(workspace, "batch", "-");
      try (var stdin = host.getOutputStream()) {
        stdin.write(batch(kill).encode().getBytes(StandardCharsets.UTF_8));
      }
      Path firstNew = workspace.resolve("w" + kill + "-0");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(firstNew) && host.isAlive() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      TimeUnit.MILLISECONDS.sleep(random.nextInt(40));
      host.destroyForcibly();
      assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    for (int f = 0; f < EDITED; f++) {
      assertThat(Files.readString(workspace.resolve("f" + f))).as("f" + f).isIn("A".repeat(LINE) + "\n", "B".repeat(LINE) + "\n");
    }
    try (Stream<Path> files = Files.list(workspace)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("w")) {
          assertThat(Files.readString(file)).as(name).isEqualTo("C".repeat(LINE));
        } else if (!name.matches("f\\d")) {
          assertThat(name).as("a temporary file is named after the file it replaces, one per file")
            .matches("\\.f\\d\\.tunacode\\.tmp");
        }
      }
    }
  }

  // update_file turns each edited file from A to B and back; the batch starts from what the last kill left.
  private JsonObject batch(int run) throws Exception {
    JsonArray calls = new JsonArray();
    char[] now = new char[EDITED];
    for (int f = 0; f < EDITED; f++) {
      now[f] = Files.readString(workspace.resolve("f" + f)).charAt(0);
    }
    for (int i = 0; i < 400; i++) {
      int f = i % EDITED;
      char next = now[f] == 'A' ? 'B' : 'A';
      calls.add(new JsonObject().put("tool", "update_file").put("args", new JsonObject().put("filepath", "f" + f)
        .put("target", String.valueOf(now[f])).put("patch", String.valueOf(next)).put("replace_all", true)));
      now[f] = next;
      calls.add(new JsonObject().put("tool", "write_file").put("args", new JsonObject()
        .put("filepath", "w" + run + "-" + i).put("content", "C".repeat(LINE))));
    }
    return new JsonObject().put("calls", calls);
  }
}
