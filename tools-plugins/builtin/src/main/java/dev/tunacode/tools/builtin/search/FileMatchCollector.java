package dev.tunacode.tools.builtin.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the hits in one window of a file into {@link GrepMatch}es, with line numbers and context, on the
 * thread that searched it.
 */
final class FileMatchCollector {

  private final String file;
  private final Haystack haystack;
  private final int context;
  private final List<GrepMatch> matches;
  private final LineBytes lines;
  private int countedTo;
  private long lineAtCounted;

  /**
   * @param firstLine the line number of the haystack's first line
   * @param matches   where the matches go
   * @param lines     where their lines' bytes go
   */
  FileMatchCollector(String file, Haystack haystack, int context, long firstLine, List<GrepMatch> matches, LineBytes lines) {
    this.file = file;
    this.haystack = haystack;
    this.context = context;
    this.lineAtCounted = firstLine;
    this.matches = matches;
    this.lines = lines;
  }

  void add(int lineStart, int lineEnd, int matchStart, int matchEnd) {
    // Line ends are counted from the previous hit on, so a file with many hits is scanned once.
    lineAtCounted += haystack.lineEnds(countedTo, lineStart);
    countedTo = lineStart;
    int textEnd = haystack.textEnd(lineStart, lineEnd);
    int chars = haystack.isAscii(lineStart, textEnd) ? textEnd - lineStart : haystack.text(lineStart, lineEnd).length();
    int end = Math.min(matchEnd, lineEnd);
    int column = haystack.isAscii(lineStart, end) ? matchStart - lineStart : haystack.text(lineStart, matchStart).length();
    int length = haystack.isAscii(matchStart, end) ? end - matchStart : haystack.text(matchStart, end).length();
    lines.add(haystack.bytes(), lineStart, textEnd);
    matches.add(new GrepMatch(file, lineAtCounted, column + 1, lines.array(), lines.offset(), textEnd - lineStart,
      Math.min(length, Math.max(0, chars - column)), before(lineStart), after(lineEnd)));
  }

  private List<String> before(int lineStart) {
    if (context == 0 || lineStart == 0) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(context);
    int start = lineStart;
    for (int i = 0; i < context && start > 0; i++) {
      int previous = haystack.lineStart(start - 1);
      lines.add(0, haystack.text(previous, start - 1));
      start = previous;
    }
    return lines;
  }

  private List<String> after(int lineEnd) {
    if (context == 0 || lineEnd >= haystack.length() - 1) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(context);
    int end = lineEnd;
    for (int i = 0; i < context && end < haystack.length() - 1; i++) {
      int next = haystack.lineEnd(end + 1);
      lines.add(haystack.text(end + 1, next));
      end = next;
    }
    return lines;
  }
}
