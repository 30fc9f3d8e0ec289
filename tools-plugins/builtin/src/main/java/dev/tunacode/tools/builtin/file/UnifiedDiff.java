package dev.tunacode.tools.builtin.file;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, line by line, with three lines of context, as {@code diff -u} prints it.
 * Lines are compared by a longest-common-subsequence table over the part between the common prefix
 * and suffix, which for an edit is small.
 */
final class UnifiedDiff {

  private static final int CONTEXT = 3;

  private record Op(char kind, String line) {
  }

  private UnifiedDiff() {
  }

  static String of(String path, String before, String after) {
    List<String> a = split(before);
    List<String> b = split(after);
    List<Op> ops = ops(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- a/").append(path).append('\n').append("+++ b/").append(path).append('\n');
    List<Integer> changes = new ArrayList<>();
    for (int k = 0; k < ops.size(); k++) {
      if (ops.get(k).kind() != ' ') {
        changes.add(k);
      }
    }
    for (int g = 0; g < changes.size(); g++) {
      int first = changes.get(g);
      int last = first;
      while (g + 1 < changes.size() && changes.get(g + 1) - last <= 2 * CONTEXT + 1) {
        last = changes.get(++g);
      }
      hunk(out, ops, Math.max(0, first - CONTEXT), Math.min(ops.size(), last + CONTEXT + 1));
    }
    return out.toString();
  }

  private static void hunk(StringBuilder out, List<Op> ops, int start, int end) {
    int oldStart = 1;
    int newStart = 1;
    for (int k = 0; k < start; k++) {
      oldStart += ops.get(k).kind() != '+' ? 1 : 0;
      newStart += ops.get(k).kind() != '-' ? 1 : 0;
    }
    int oldCount = 0;
    int newCount = 0;
    for (int k = start; k < end; k++) {
      oldCount += ops.get(k).kind() != '+' ? 1 : 0;
      newCount += ops.get(k).kind() != '-' ? 1 : 0;
    }
    out.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount)).append(" @@\n");
    for (int k = start; k < end; k++) {
      Op op = ops.get(k);
      out.append(op.kind()).append(op.line().endsWith("\n") ? op.line() : op.line() + "\n\\ No newline at end of file\n");
    }
  }

  private static String range(int start, int count) {
    if (count == 0) {
      return (start - 1) + ",0";
    }
    return count == 1 ? String.valueOf(start) : start + "," + count;
  }

  private static List<Op> ops(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
      && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<Op> ops = new ArrayList<>();
    for (int k = 0; k < prefix; k++) {
      ops.add(new Op(' ', a.get(k)));
    }
    middle(a.subList(prefix, a.size() - suffix), b.subList(prefix, b.size() - suffix), ops);
    for (int k = a.size() - suffix; k < a.size(); k++) {
      ops.add(new Op(' ', a.get(k)));
    }
    return ops;
  }

  private static void middle(List<String> a, List<String> b, List<Op> ops) {
    if ((long) a.size() * b.size() > 4_000_000L) {
      a.forEach(line -> ops.add(new Op('-', line)));
      b.forEach(line -> ops.add(new Op('+', line)));
      return;
    }
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        ops.add(new Op(' ', a.get(i++)));
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new Op('-', a.get(i++)));
      } else {
        ops.add(new Op('+', b.get(j++)));
      }
    }
  }

  /** Splits keeping each line's end, so that CRLF and a missing final newline survive. */
  private static List<String> split(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int stop = end < 0 ? text.length() : end + 1;
      lines.add(text.substring(start, stop));
      start = stop;
    }
    return lines;
  }
}
