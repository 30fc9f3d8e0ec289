package dev.tunacode.host.cli;

import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints results and batch stats for people.
 */
final class ResultPrinter {

  private ResultPrinter() {
  }

  /** The text of a successful call, ending with exactly one newline. */
  static void printText(PrintWriter out, JsonObject result) {
    String text = result.getJsonObject("output", new JsonObject()).getString("text", "");
    out.print(text.endsWith("\n") ? text : text + "\n");
  }

  /** {@code CODE: message} of a failed call. */
  static void printError(PrintWriter err, JsonObject result) {
    JsonObject error = result.getJsonObject("error", new JsonObject());
    err.println(error.getString("code") + ": " + error.getString("message"));
  }

  /** One result of a batch: a header line, then its text or its error. */
  static void printBatchResult(PrintWriter out, int index, JsonObject result) {
    boolean ok = result.getBoolean("ok", false);
    JsonObject timing = result.getJsonObject("timing", new JsonObject());
    out.printf(Locale.ROOT, "── #%d %s %s · %s ms%n", index, result.getString("tool"), ok ? "ok" : "failed",
      formatMs(timing.getDouble("runMs", 0.0)));
    if (ok) {
      printText(out, result);
    } else {
      JsonObject error = result.getJsonObject("error", new JsonObject());
      out.println(error.getString("code") + ": " + error.getString("message"));
    }
  }

  /** {@code 5 calls · wall 101 ms · sum 302 ms · 2.99× · max 3 at once} */
  static String statsLine(JsonObject stats) {
    return String.format(Locale.ROOT, "%d calls · wall %s ms · sum %s ms · %.2f× · max %d at once",
      stats.getInteger("calls"), formatMs(stats.getDouble("wallMs")), formatMs(stats.getDouble("sumMs")),
      stats.getDouble("speedup"), stats.getInteger("maxConcurrency"));
  }

  private static String formatMs(double ms) {
    return ms >= 10 ? String.valueOf(Math.round(ms)) : String.format(Locale.ROOT, "%.1f", ms);
  }
}
