package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TunaCode's glob text: a count, a rule of 60 '=', then the files grouped under their folders.
 */
final class GlobText {

  static final String RULE = "=".repeat(60);

  private GlobText() {
  }

  static String text(String pattern, List<TreeWalker.Found> files, boolean capped, int max) {
    if (files.isEmpty()) {
      return "No files found matching pattern: " + pattern;
    }
    StringBuilder text = new StringBuilder("Found ").append(files.size()).append(" files matching pattern: ").append(pattern);
    if (capped) {
      text.append(" (Results limited to ").append(max).append(')');
    }
    text.append('\n').append(RULE).append('\n');
    Map<String, List<String>> byFolder = new LinkedHashMap<>();
    for (TreeWalker.Found file : files) {
      int slash = file.relative().lastIndexOf('/');
      String parent = slash < 0 ? "." : file.relative().substring(0, slash);
      byFolder.computeIfAbsent(parent, folder -> new ArrayList<>()).add(file.relative().substring(slash + 1));
    }
    byFolder.forEach((folder, names) -> {
      text.append('\n').append("📁 ").append(folder).append("/\n");
      names.forEach(name -> text.append("  - ").append(name).append('\n'));
    });
    return text.toString().stripTrailing();
  }
}
