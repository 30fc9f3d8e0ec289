package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.workspace.DirHandle;
import dev.tunacode.core.workspace.FileHandle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Searches one file, window by window in a reused direct buffer: skips it when binary, and counts the
 * finder's hits or collects them as matches.
 */
final class FileScan {

  /** Bytes at the start of a file that its binary test reads. */
  static final int SNIFF = 8 * 1024;

  /**
   * @param searched false when the file was unreadable or binary
   * @param count    matching lines found (up to the limit asked)
   * @param matches  the matches, when asked for
   * @param text     their blocks of the content text, one after another
   * @param textEnds for each match, where its block ends in {@code text}
   * @param chars    about how much of the output its matches take, text and JSON ({@link #cost})
   * @param cut      true when the matches stopped being collected at the output budget, before the file's end
   */
  record Result(boolean searched, int count, List<GrepMatch> matches, String text, int[] textEnds, long chars, boolean cut) {
    static final Result SKIPPED = new Result(false, 0, List.of(), "", new int[0], 0, false);
    /** A text file searched with nothing found. */
    static final Result NOTHING = new Result(true, 0, List.of(), "", new int[0], 0, false);

    /** @return the blocks of the first {@code count} matches */
    String textOf(int count) {
      return count == matches.size() ? text : text.substring(0, count == 0 ? 0 : textEnds[count - 1]);
    }

    /** @return about how much of the output match {@code index} takes: its block of the text and its JSON */
    long cost(int index) {
      return textEnds[index] - (index == 0 ? 0 : textEnds[index - 1]) + matches.get(index).jsonSizeHint();
    }
  }

  private FileScan() {
  }

  /**
   * grep's binary test, which the content index repeats when it reads a file: a NUL in the first 8 KB.
   *
   * @param bytes a little-endian buffer ({@link ByteSearch#ordered}) holding the file's start
   */
  static boolean binary(ByteBuffer bytes, int length) {
    return ByteSearch.indexOf(bytes, 0, Math.min(length, SNIFF), (byte) 0) >= 0;
  }

  /**
   * @param root       the folder the file's relative path starts from; the file is opened below it without
   *                   following a link, so a file swapped meanwhile is skipped
   * @param shownAs    the path its matches name
   * @param budgetChars past about this much output (text and JSON) the file's matches stop being collected
   * @param deadline the search's deadline, checked at every window: a file may be any size, or still growing
   * @throws DeadlineChars.Expired past the deadline
   */
  static Result scan(DirHandle root, TreeWalker.Found file, String shownAs, LineFinder finder, int limit, int context,
                     boolean collect, long budgetChars, Deadline deadline) {
    try (FileHandle channel = root.openListedFileBeneath(file.relative())) {
      FileWindows windows = FileWindows.of(channel, file.size(), collect ? context : 0);
      List<GrepMatch> matches = collect ? new ArrayList<>() : List.of();
      LineBytes lines = collect ? new LineBytes() : null;
      int[] count = {0};
      long[] chars = {0};
      while (count[0] < limit && chars[0] <= budgetChars && windows.next()) {
        if (deadline.passed()) {
          throw DeadlineChars.EXPIRED;
        }
        Haystack text = windows.haystack();
        if (windows.isFirst() && binary(text.bytes(), text.length())) {
          return Result.SKIPPED;
        }
        int from = windows.reportFrom();
        int to = windows.reportTo();
        FileMatchCollector collector = collect
          ? new FileMatchCollector(shownAs, text, context, windows.firstLine(), matches, lines) : null;
        finder.find(text, (lineStart, lineEnd, matchStart, matchEnd) -> {
          if (lineStart < from) {
            return true;
          }
          if (lineStart >= to) {
            return false;
          }
          if (collector != null) {
            collector.add(lineStart, lineEnd, matchStart, matchEnd);
            // The line is in the text and in the JSON: about twice its match's size.
            chars[0] += 2 * matches.get(matches.size() - 1).jsonSizeHint();
          }
          return ++count[0] < limit && chars[0] <= budgetChars;
        });
      }
      if (matches.isEmpty()) {
        return new Result(true, count[0], matches, "", new int[0], 0, false);
      }
      // The text is written here, on the thread that searched the file, so that writing it is spread
      // over the search's threads.
      int[] textEnds = new int[matches.size()];
      return new Result(true, count[0], matches, GrepText.blocks(matches, textEnds), textEnds, chars[0],
        chars[0] > budgetChars);
    } catch (IOException unreadable) {
      return Result.SKIPPED;
    }
  }
}
