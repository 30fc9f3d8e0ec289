package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The folded trigrams a file must hold for a grep's pattern to match in it, worked out the way
 * {@code GrepTool} matches, so that a file without them can be passed over without being read.
 * <p>
 * A case-sensitive literal, and the literals every match of a case-sensitive regex holds
 * ({@link RequiredLiteral#all}), are matched as UTF-8 bytes: all their trigrams count. An ASCII literal
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
    List<String> literals = regex ? RequiredLiteral.all(pattern) : List.of(pattern);
    if (literals.isEmpty()) {
      return NONE;
    }
    List<byte[]> texts = new ArrayList<>();
    for (String literal : literals) {
      if (caseSensitive || (!regex && FoldedLiteralFinder.handles(pattern))) {
        texts.add(literal.getBytes(StandardCharsets.UTF_8));
      } else {
        unicodeCaseless(literal, texts);
      }
    }
    return Trigrams.of(texts);
  }

  // The runs of characters that match only themselves and their ASCII other case.
  private static void unicodeCaseless(String literal, List<byte[]> runs) {
    int runStart = 0;
    for (int i = 0; i <= literal.length(); i++) {
      if (i == literal.length() || !asciiOnlyWithoutCase(literal.charAt(i))) {
        runs.add(literal.substring(runStart, i).getBytes(StandardCharsets.US_ASCII));
        runStart = i + 1;
      }
    }
  }

  private static boolean asciiOnlyWithoutCase(char c) {
    if (c >= 0x80) {
      return false;
    }
    char lower = Character.toLowerCase(c);
    return lower != 'i' && lower != 'k' && lower != 's';
  }
}
