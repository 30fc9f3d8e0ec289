package dev.tunacode.tools.builtin.file;

import java.util.Arrays;

/**
 * Where a target occurs in a text, without overlaps, left to right, as {@code String.replace} counts
 * them, in time linear in both (Knuth-Morris-Pratt). {@code String.indexOf} compares naively: a target
 * of half a million {@code a}s and a {@code b}, in ten megabytes of {@code a}s, took it hours.
 */
final class Occurrences {

  private Occurrences() {
  }

  /** @return the start of each occurrence, the next searched from the end of the one before */
  static int[] of(String text, String target) {
    int[] fallback = fallback(target);
    int[] at = new int[8];
    int count = 0;
    int matched = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      while (matched > 0 && target.charAt(matched) != c) {
        matched = fallback[matched - 1];
      }
      if (target.charAt(matched) == c) {
        matched++;
      }
      if (matched == target.length()) {
        if (count == at.length) {
          at = Arrays.copyOf(at, count * 2);
        }
        at[count++] = i - matched + 1;
        matched = 0;
      }
    }
    return Arrays.copyOf(at, count);
  }

  /** @return the text with the first {@code count} occurrences at {@code at} replaced by {@code patch} */
  static String replace(String text, int targetLength, int[] at, int count, String patch) {
    StringBuilder out = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 8,
      text.length() + (long) count * (patch.length() - targetLength)));
    int from = 0;
    for (int k = 0; k < count; k++) {
      out.append(text, from, at[k]).append(patch);
      from = at[k] + targetLength;
    }
    return out.append(text, from, text.length()).toString();
  }

  /** @return the line number, from 1, of each of the first {@code count} positions, in one pass */
  static long[] lines(String text, int[] at, int count) {
    long[] lines = new long[count];
    long line = 1;
    int from = 0;
    for (int k = 0; k < count; k++) {
      for (int i = from; i < at[k]; i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      from = at[k];
      lines[k] = line;
    }
    return lines;
  }

  // fallback[k]: the longest proper prefix of target[0..k] that is also its suffix.
  private static int[] fallback(String target) {
    int[] fallback = new int[target.length()];
    for (int k = 1, length = 0; k < target.length(); k++) {
      while (length > 0 && target.charAt(k) != target.charAt(length)) {
        length = fallback[length - 1];
      }
      if (target.charAt(k) == target.charAt(length)) {
        length++;
      }
      fallback[k] = length;
    }
    return fallback;
  }
}
