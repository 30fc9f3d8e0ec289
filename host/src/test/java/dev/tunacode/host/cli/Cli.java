package dev.tunacode.host.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged host jar in its own process, as a user runs it.
 */
final class Cli {

  static final Path JAR = Path.of(System.getProperty("tunacode.hostJar"));

  record Run(int exitCode, String out, String err) {
  }

  private Cli() {
  }

  static Run run(Path cwd, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    builder.environment().remove("TUNACODE_MAX_PARALLEL");
    builder.environment().remove("TUNACODE_MAX_RUNNING");
    return finish(builder.start(), stdin, args);
  }

  /** Runs with exactly the given {@code TUNACODE_*} variables: none is inherited. */
  static Run run(Map<String, String> env, Path cwd, String stdin, String... args) throws Exception {
    return finish(builder(env, cwd, args).start(), stdin, args);
  }

  private static Run finish(Process process, String stdin, String... args) throws Exception {
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("tunahost " + String.join(" ", args) + " did not finish");
    }
    return new Run(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  static Process start(Path cwd, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
  }

  /** Starts with its output thrown away, so that a run that prints much never waits on a full pipe. */
  static Process startQuiet(Path cwd, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
      .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Starts with exactly the given {@code TUNACODE_*} variables: none is inherited. */
  static Process start(Map<String, String> env, Path cwd, String... args) throws IOException {
    return builder(env, cwd, args).redirectErrorStream(true).start();
  }

  private static ProcessBuilder builder(Map<String, String> env, Path cwd, String... args) {
    List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("TUNACODE_"));
    builder.environment().putAll(env);
    return builder;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }
}
