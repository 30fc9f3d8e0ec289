package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A file being searched, with offsets in one of two units: its bytes, searched in place, or, for a
 * finder that must see the decoded text (a regular expression without a required literal), the
 * characters of the file decoded as UTF-8. Lines end at '\n'; a line's text leaves out a final '\r'.
 */
final class Haystack {

  private final byte[] bytes;
  private final int byteLength;
  private final String decoded;

  Haystack(byte[] bytes, int length, boolean decode) {
    this.bytes = bytes;
    this.byteLength = length;
    this.decoded = decode ? new String(bytes, 0, length, StandardCharsets.UTF_8) : null;
  }

  byte[] bytes() {
    return bytes;
  }

  /** @return true when offsets count characters of the decoded text rather than bytes */
  boolean isDecoded() {
    return decoded != null;
  }

  /** @return the decoded text; only when {@link #isDecoded()} */
  String decoded() {
    return decoded;
  }

  int length() {
    return decoded != null ? decoded.length() : byteLength;
  }

  int lineStart(int at) {
    return (decoded != null ? decoded.lastIndexOf('\n', at - 1) : ByteSearch.lastIndexOf(bytes, at, (byte) '\n')) + 1;
  }

  int lineEnd(int at) {
    int end = decoded != null ? decoded.indexOf('\n', at) : ByteSearch.indexOf(bytes, at, byteLength, (byte) '\n');
    return end < 0 ? length() : end;
  }

  /** @return the line ends in [from, to) */
  int lineEnds(int from, int to) {
    if (decoded == null) {
      return ByteSearch.count(bytes, from, to, (byte) '\n');
    }
    int count = 0;
    for (int at = decoded.indexOf('\n', from); at >= 0 && at < to; at = decoded.indexOf('\n', at + 1)) {
      count++;
    }
    return count;
  }

  /** @return the text in [from, to), without a final '\r' */
  String text(int from, int to) {
    if (to > from && (decoded != null ? decoded.charAt(to - 1) : bytes[to - 1]) == '\r') {
      to--;
    }
    return decoded != null ? decoded.substring(from, to) : new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  /** @return true when [from, to) holds only ASCII, so that a byte count is a character count */
  boolean isAscii(int from, int to) {
    if (decoded != null) {
      return true;
    }
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
