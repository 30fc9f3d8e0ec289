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
      int position = input.position() - offset;
      int bad = bytes[offset + position] & 0xff;
      throw new ToolException(ErrorCode.IO_ERROR, "Error reading file '" + path + "': Could not decode using UTF-8. "
        + "It might be a binary file or use a different encoding. 'utf-8' codec can't decode byte 0x"
        + String.format("%02x", bad) + " in position " + position + ".");
    }
  }
}
