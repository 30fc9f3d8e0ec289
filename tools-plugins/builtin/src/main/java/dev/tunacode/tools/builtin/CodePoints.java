package dev.tunacode.tools.builtin;

import java.util.Comparator;

/**
 * Strings ordered as Python orders them, by code point. {@code String.compareTo} compares UTF-16 units,
 * which puts an emoji (a surrogate pair) before U+E000..U+FFFF.
 */
public final class CodePoints {

  public static final Comparator<String> ORDER = CodePoints::compare;

  private CodePoints() {
  }

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
