package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The folded trigrams a file must hold for a grep's pattern to match in it, worked out the way
 * {@code GrepTool} matches, so that a file without them can be passed over without being read.
 * <p>
 * A case-sensitive literal, and the literal every match of a case-sensitive regex holds
 * ({@link RequiredLiteral}), are matched as UTF-8 bytes: all their trigrams count. An ASCII literal
 * without case is matched byte by byte with ASCII folding: all its trigrams count too. Everything else
 * without case is matched by Java's regex with Unicode case, where {@code i}, {@code k} and {@code s}
 * also match {@code İ ı}, the Kelvin sign and the long s, and non-ASCII letters match other bytes: only
 * trigrams of other ASCII characters count there.
 */
final class TrigramQuery {

  private static final int[] NONE = new int[0];

  private TrigramQuery() {
  }

  /**
   * @return the trigrams a matching file holds, distinct; empty when the pattern narrows nothing (too
   *         short, or no literal a match must hold), and then every file must be searched
   */
  static int[] of(String pattern, boolean regex, boolean caseSensitive) {
    if (!regex && (caseSensitive || FoldedLiteralFinder.handles(pattern))) {
      return Trigrams.of(pattern.getBytes(StandardCharsets.UTF_8));
    }
    String literal = regex ? RequiredLiteral.of(pattern) : pattern;
    if (literal == null) {
      return NONE;
    }
    if (caseSensitive) {
      return Trigrams.of(literal.getBytes(StandardCharsets.UTF_8));
    }
    return unicodeCaseless(literal);
  }

  // The trigrams of the runs of characters that match only themselves and their ASCII other case.
  private static int[] unicodeCaseless(String literal) {
    int[] all = NONE;
    int runStart = 0;
    for (int i = 0; i <= literal.length(); i++) {
      if (i == literal.length() || !asciiOnlyWithoutCase(literal.charAt(i))) {
        if (i - runStart >= 3) {
          int[] run = Trigrams.of(literal.substring(runStart, i).getBytes(StandardCharsets.US_ASCII));
          int[] joined = Arrays.copyOf(all, all.length + run.length);
          System.arraycopy(run, 0, joined, all.length, run.length);
          all = joined;
        }
        runStart = i + 1;
      }
    }
    return Arrays.stream(all).distinct().toArray();
  }

  private static boolean asciiOnlyWithoutCase(char c) {
    if (c >= 0x80) {
      return false;
    }
    char lower = Character.toLowerCase(c);
    return lower != 'i' && lower != 'k' && lower != 's';
  }
}
