package dev.tunacode.tools.builtin.search;

import java.nio.charset.StandardCharsets;

/**
 * A file being searched: its bytes, and a view of them as a String made only when a finder needs it
 * (a Latin-1 view, one char per byte, or the decoded UTF-8 text).
 */
final class Haystack {

  private final byte[] bytes;
  private final int length;
  private final boolean decoded;
  private String view;

  Haystack(byte[] bytes, int length, boolean decoded) {
    this.bytes = bytes;
    this.length = length;
    this.decoded = decoded;
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  String view() {
    if (view == null) {
      view = new String(bytes, 0, length, decoded ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
    return view;
  }
}
