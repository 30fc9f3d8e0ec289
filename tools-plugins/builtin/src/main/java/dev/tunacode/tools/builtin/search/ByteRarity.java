package dev.tunacode.tools.builtin.search;

/**
 * How rare a byte is in source code, to pick which byte of a literal to look for first: the rarer it
 * is, the fewer places the whole literal has to be checked.
 */
final class ByteRarity {

  /** ASCII bytes from most to least common in source code; bytes not listed count as rarest. */
  private static final String COMMON = " e\nt\tasiornlcdu.pm()hf;g,=b\"y_v/wk*{}x:-1j0'[]2<>q+z3&#!4|5986$7%\\@?^`~\r";

  private ByteRarity() {
  }

  /** @return the index of the rarest byte of {@code pattern}, letters ranked without case */
  static int rarest(byte[] pattern) {
    int rarest = 0;
    for (int i = 1; i < pattern.length; i++) {
      if (rank(pattern[i]) > rank(pattern[rarest])) {
        rarest = i;
      }
    }
    return rarest;
  }

  private static int rank(byte b) {
    int at = b < 0 ? -1 : COMMON.indexOf(Character.toLowerCase((char) b));
    return at < 0 ? COMMON.length() : at;
  }
}
