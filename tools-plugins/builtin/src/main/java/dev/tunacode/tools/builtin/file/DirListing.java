package dev.tunacode.tools.builtin.file;

import java.util.List;

/**
 * TunaCode's list_dir text. Lengths and cuts count code points, as Python's {@code len} and slices do.
 */
final class DirListing {

  private static final int MAX_NAME = 47;
  private static final int CUT_NAME = 44;
  private static final int MAX_WIDTH = 50;

  private DirListing() {
  }

  static String text(String folder, List<DirEntry> shown, boolean cut, int maxEntries) {
    if (shown.isEmpty()) {
      return "Directory '" + folder + "' is empty";
    }
    // The column's width comes from the names as they are, before cutting and marking, as TunaCode's does.
    int longest = 0;
    for (DirEntry entry : shown) {
      longest = Math.max(longest, length(entry.name()));
    }
    int width = Math.min(longest + 2, MAX_WIDTH);
    StringBuilder text = new StringBuilder("Contents of '").append(folder).append("':\n\n");
    int folders = 0;
    for (DirEntry entry : shown) {
      String name = display(entry);
      text.append("  ").append(name).append(" ".repeat(Math.max(0, width - length(name)))).append(' ')
        .append(entry.isDirectory() ? "[DIR]" : "[FILE]").append('\n');
      folders += entry.isDirectory() ? 1 : 0;
    }
    text.append("\nTotal: ").append(shown.size()).append(" entries (").append(folders).append(" directories, ")
      .append(shown.size() - folders).append(" files)");
    if (cut) {
      text.append("\nNote: Output limited to ").append(maxEntries).append(" entries");
    }
    return text.toString();
  }

  private static String display(DirEntry entry) {
    String name = entry.name();
    String shown = length(name) > MAX_NAME ? name.substring(0, name.offsetByCodePoints(0, CUT_NAME)) + "..." : name;
    return shown + entry.suffix();
  }

  private static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}
