package dev.tunacode.tools.builtin.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  // Lines are compared as numbers, one per distinct line: comparing the strings in every cell of the
  // table made a diff of long, nearly equal lines cost their length times the table's size.
  private static void middle(List<String> a, List<String> b, List<Op> ops) {
    if ((long) a.size() * b.size() > 4_000_000L) {
      a.forEach(line -> ops.add(new Op('-', line)));
      b.forEach(line -> ops.add(new Op('+', line)));
      return;
    }
    Map<String, Integer> ids = new HashMap<>();
    int[] x = ids(a, ids);
    int[] y = ids(b, ids);
    int[][] lcs = new int[x.length + 1][y.length + 1];
    for (int i = x.length - 1; i >= 0; i--) {
      for (int j = y.length - 1; j >= 0; j--) {
        lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] == y[j]) {
        ops.add(new Op(' ', a.get(i++)));
        j++;
      } else if (i < x.length && (j == y.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add(new Op('-', a.get(i++)));
      } else {
        ops.add(new Op('+', b.get(j++)));
      }
    }
  }

  private static int[] ids(List<String> lines, Map<String, Integer> ids) {
    int[] numbers = new int[lines.size()];
    for (int k = 0; k < numbers.length; k++) {
      numbers[k] = ids.computeIfAbsent(lines.get(k), line -> ids.size());
    }
    return numbers;
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
