package dev.tunacode.tools.builtin.search;

import java.util.List;

/**
 * TunaCode's glob text: a count (and on a line of its own, the limit when the cap cut the list), a rule
 * of 60 '=', then the files' absolute paths grouped under their folders, a blank line between folders.
 * Absolute, as TunaCode prints them: a path an agent can hand to read_file as it is.
 */
final class GlobText {

  static final String RULE = "=".repeat(60);

  private GlobText() {
  }

  /**
   * @param root  the search folder's absolute path
   * @param files the files' paths relative to it, in the order to show them
   */
  static String text(String pattern, String root, List<String> files, boolean capped, int max) {
    if (files.isEmpty()) {
      return "No files found matching pattern: " + pattern;
    }
    StringBuilder text = new StringBuilder("Found ").append(files.size()).append(" files matching pattern: ").append(pattern);
    if (capped) {
      text.append("\n(Results limited to ").append(max).append(" files)");
    }
    text.append('\n').append(RULE);
    String folder = null;
    for (String file : files) {
      int slash = file.lastIndexOf('/');
      String parent = slash < 0 ? root : root + "/" + file.substring(0, slash);
      if (!parent.equals(folder)) {
        text.append(folder == null ? "\n" : "\n\n").append("📁 ").append(parent).append('/');
        folder = parent;
      }
      text.append("\n  - ").append(file.substring(slash + 1));
    }
    return text.toString();
  }
}
