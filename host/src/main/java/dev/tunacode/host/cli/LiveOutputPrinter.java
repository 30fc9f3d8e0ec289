package dev.tunacode.host.cli;

import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints a running command's output as it streams, on stderr: stdout is the result's, so that
 * {@code --json} stays one clean document. Matches a grep streams are left to the result.
 */
final class LiveOutputPrinter implements Consumer<JsonObject> {

  private final PrintWriter err;

  LiveOutputPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void accept(JsonObject event) {
    if (!"output".equals(event.getString("type")) || event.getString("stream") == null) {
      return;
    }
    synchronized (err) {
      String data = event.getString("data", "");
      err.print(data);
      Long skipped = event.getLong("skipped");
      if (skipped != null && skipped > 0) {
        err.print((data.isEmpty() || data.endsWith("\n") ? "" : "\n") + "[tunahost: " + skipped + " characters of "
          + event.getString("stream") + " not shown as it streamed, which came faster than it could be sent; the result "
          + "holds the output]\n");
      }
      err.flush();
    }
  }
}
