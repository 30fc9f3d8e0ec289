package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.FileHandle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches one file, window by window in a reused direct buffer: skips it when binary, and counts the
 * finder's hits or collects them as matches.
 */
final class FileScan {

  private static final int SNIFF = 8 * 1024;

  /**
   * @param searched false when the file was unreadable or binary
   * @param count    matching lines found (up to the limit asked)
   * @param matches  the matches, when asked for
   * @param text     their blocks of the content text, one after another
   * @param textEnds for each match, where its block ends in {@code text}
   */
  record Result(boolean searched, int count, List<GrepMatch> matches, String text, int[] textEnds) {
    static final Result SKIPPED = new Result(false, 0, List.of(), "", new int[0]);

    /** @return the blocks of the first {@code count} matches */
    String textOf(int count) {
      return count == matches.size() ? text : text.substring(0, count == 0 ? 0 : textEnds[count - 1]);
    }
  }

  private FileScan() {
  }

  /**
   * @param root the folder the file's relative path starts from; the file is opened below it without
   *             following a link, so a file swapped meanwhile is skipped
   */
  static Result scan(DirHandle root, TreeWalker.Found file, LineFinder finder, int limit, int context, boolean collect) {
    try (FileHandle channel = root.openFileBeneath(file.relative())) {
      FileWindows windows = FileWindows.of(channel, file.size(), collect ? context : 0);
      List<GrepMatch> matches = collect ? new ArrayList<>() : List.of();
      LineBytes lines = collect ? new LineBytes() : null;
      int[] count = {0};
      while (count[0] < limit && windows.next()) {
        Haystack text = windows.haystack();
        if (windows.isFirst() && ByteSearch.indexOf(text.bytes(), 0, Math.min(text.length(), SNIFF), (byte) 0) >= 0) {
          return Result.SKIPPED;
        }
        int from = windows.reportFrom();
        int to = windows.reportTo();
        FileMatchCollector collector = collect
          ? new FileMatchCollector(file.relative(), text, context, windows.firstLine(), matches, lines) : null;
        finder.find(text, (lineStart, lineEnd, matchStart, matchEnd) -> {
          if (lineStart < from) {
            return true;
          }
          if (lineStart >= to) {
            return false;
          }
          if (collector != null) {
            collector.add(lineStart, lineEnd, matchStart, matchEnd);
          }
          return ++count[0] < limit;
        });
      }
      if (matches.isEmpty()) {
        return new Result(true, count[0], matches, "", new int[0]);
      }
      // The text is written here, on the thread that searched the file, so that writing it is spread
      // over the search's threads.
      int[] textEnds = new int[matches.size()];
      return new Result(true, count[0], matches, GrepText.blocks(matches, textEnds), textEnds);
    } catch (IOException unreadable) {
      return Result.SKIPPED;
    }
  }
}
