package dev.tunacode.tools.builtin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs tool calls in a child JVM that file permissions bind, so that an unreadable file really is
 * unreadable. Root ignores permissions through two capabilities, CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH; when this process has either, the child is started by {@code setpriv} without
 * them (still as root, so it can load the classes from root's Maven repository). A process without them,
 * a normal user's, starts the child as it is.
 */
public final class UnprivilegedCalls {

  private static final String RESULT = "RESULT ";
  private static final int CAP_DAC_OVERRIDE = 1;
  private static final int CAP_DAC_READ_SEARCH = 2;

  private UnprivilegedCalls() {
  }

  /** @return the result object of each call, in order, made by a fresh host on {@code root} in a child JVM */
  public static List<JsonObject> run(Path root, JsonObject... calls) throws Exception {
    List<String> command = new ArrayList<>();
    if (bypassesPermissions()) {
      command.addAll(List.of("setpriv", "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search"));
    }
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
      "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), UnprivilegedCalls.class.getName(),
      root.toString(), new JsonArray(List.of((Object[]) calls)).encode()));
    Path log = Files.createTempFile("unprivileged-calls", ".log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      child.getOutputStream().close();
      boolean exited = child.waitFor(60, TimeUnit.SECONDS);
      String output = Files.readString(log);
      if (!exited || child.exitValue() != 0) {
        throw new AssertionError("the child JVM failed: " + command + "\n" + output);
      }
      List<JsonObject> results = new ArrayList<>();
      output.lines().filter(line -> line.startsWith(RESULT))
        .forEach(line -> results.add(new JsonObject(line.substring(RESULT.length()))));
      return results;
    } finally {
      child.destroyForcibly();
      Files.delete(log);
    }
  }

  /** @return true when this process may read and search anything whatever the permissions, as root may */
  public static boolean bypassesPermissions() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        BigInteger effective = new BigInteger(line.substring("CapEff:".length()).trim(), 16);
        return effective.testBit(CAP_DAC_OVERRIDE) || effective.testBit(CAP_DAC_READ_SEARCH);
      }
    }
    throw new IllegalStateException("no CapEff line in /proc/self/status");
  }

  /** The child: {@code <root> <calls as a JSON array>}; prints one result line for each call. */
  public static void main(String[] args) throws Exception {
    if (bypassesPermissions()) {
      throw new IllegalStateException("the child still bypasses file permissions");
    }
    Vertx vertx = Vertx.vertx();
    try (BuiltinHost host = BuiltinHost.start(vertx, Path.of(args[0]))) {
      for (Object call : new JsonArray(args[1])) {
        JsonObject json = (JsonObject) call;
        System.out.println(RESULT + host.call(json.getString("tool"), json.getJsonObject("args")).encode());
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
