package dev.tunacode.tools.builtin.file;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Tells text from binary and decodes strictly, with TunaCode's messages.
 */
final class TextChecks {

  /** Bytes looked at for a NUL, as git and ripgrep do. */
  static final int SNIFF_BYTES = 8 * 1024;

  private TextChecks() {
  }

  static boolean looksBinary(byte[] bytes, int length) {
    int end = Math.min(length, SNIFF_BYTES);
    for (int i = 0; i < end; i++) {
      if (bytes[i] == 0) {
        return true;
      }
    }
    return false;
  }

  static ToolException binary(String path) {
    return new ToolException(ErrorCode.BINARY_FILE, "Error: File '" + path + "' is a binary file, not text. "
      + "Use bash (for example `xxd` or `file`) to inspect it.");
  }

  /**
   * Decodes UTF-8, refusing malformed input with TunaCode's message.
   */
  static String decode(String path, byte[] bytes, int offset, int length) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer input = ByteBuffer.wrap(bytes, offset, length);
    try {
      CharBuffer chars = decoder.decode(input);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ToolException(ErrorCode.IO_ERROR, "Error reading file '" + path + "': Could not decode using UTF-8. "
        + "It might be a binary file or use a different encoding. " + pythonReason(bytes, input.position(), offset + length, offset));
    }
  }

  // Python's words for the first bytes its UTF-8 decoder refuses, which TunaCode passes on to the model.
  private static String pythonReason(byte[] bytes, int start, int end, int offset) {
    int lead = bytes[start] & 0xff;
    int needed = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    String why = "invalid start byte";
    int span = 1;
    for (int k = 1; k <= needed; k++) {
      if (start + k >= end) {
        why = "unexpected end of data";
        span = end - start;
        break;
      }
      int next = bytes[start + k] & 0xff;
      int low = k > 1 ? 0x80 : lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
      int high = k > 1 ? 0xbf : lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
      if (next < low || next > high) {
        why = "invalid continuation byte";
        span = k;
        break;
      }
    }
    int position = start - offset;
    return span == 1
      ? "'utf-8' codec can't decode byte 0x" + String.format("%02x", lead) + " in position " + position + ": " + why
      : "'utf-8' codec can't decode bytes in position " + position + "-" + (position + span - 1) + ": " + why;
  }

  /** @return the text as Python reads it in text mode: every CRLF, and every lone CR, becomes LF */
  static String universalNewlines(String text) {
    if (text.indexOf('\r') < 0) {
      return text;
    }
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /**
   * A lone UTF-16 surrogate (a JSON "\\ud800" with no partner) cannot be written as UTF-8: Java would
   * write '?' in its place and the file would not hold what was sent. Python refuses it too.
   *
   * @throws ToolException INVALID_ARGS naming the argument and where the surrogate is
   */
  static void checkEncodable(String tool, String argument, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new ToolException(ErrorCode.INVALID_ARGS, "Invalid arguments for " + tool + ": '" + argument + "' holds a lone "
          + String.format("surrogate (\\u%04x) at character %d", (int) c, i) + ", which UTF-8 cannot encode: surrogates "
          + "come in pairs. Remove it, or send the character it was meant to be.");
      }
    }
  }
}
