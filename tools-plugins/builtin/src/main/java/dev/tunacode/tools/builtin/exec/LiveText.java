package dev.tunacode.tools.builtin.exec;

import dev.tunacode.core.spi.Progress;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Sends one output stream of a command to its call's {@link Progress} as it is read, decoded as UTF-8
 * across reads: a character split between two reads is sent whole, with the second.
 */
final class LiveText {

  private final Progress progress;
  private final String stream;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
  private ByteBuffer pending = ByteBuffer.allocate(0);

  LiveText(Progress progress, String stream) {
    this.progress = progress;
    this.stream = stream;
  }

  void write(byte[] bytes, int length) {
    if (!progress.wanted()) {
      return;
    }
    ByteBuffer input = ByteBuffer.allocate(pending.remaining() + length);
    input.put(pending).put(bytes, 0, length).flip();
    CharBuffer chars = CharBuffer.allocate(input.remaining());
    decoder.decode(input, chars, false);
    pending = input.slice();
    chars.flip();
    if (chars.hasRemaining()) {
      progress.send(new JsonObject().put("stream", stream).put("data", chars.toString()));
    }
  }
}
