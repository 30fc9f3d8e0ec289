package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How grep names the files it found: as TunaCode does, the folder as the agent gave it (as Python's
 * {@code pathlib} writes it: no {@code .} parts, no doubled or trailing {@code /}, {@code ..} kept) joined
 * with the file's path below it. A relative folder gives paths relative to the workspace root, an
 * absolute one absolute paths: either way a path read_file takes as it is.
 */
final class GrepPaths {

  private GrepPaths() {
  }

  /**
   * @param where  the {@code directory} or {@code path} argument
   * @param isFile true when it names a file, which is then shown as given
   * @return from a found file's path relative to the search root, the path to show
   */
  static UnaryOperator<String> display(String where, boolean isFile) {
    String shown = pathlib(where);
    if (isFile) {
      return relative -> shown;
    }
    String prefix = shown.equals(".") ? "" : shown.endsWith("/") ? shown : shown + "/";
    return relative -> prefix + relative;
  }

  static String pathlib(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    String joined = String.join("/", parts);
    if (path.startsWith("/")) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }
}
