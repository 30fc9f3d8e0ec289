package dev.tunacode.host.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebSocket client on a plain socket, for tests that need what a library will not do: frames of an
 * exact size, a message fragmented exactly so, the close code and reason as sent, and a connection
 * that dies without a close (a reset).
 */
final class WireSocket implements AutoCloseable {

  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;
  private static final int CONTINUATION = 0;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A whole message from the server; for a close, its code (1006 when none came) and reason. */
  record Message(int opcode, byte[] payload, int closeCode, String reason) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  final int status;
  final Map<String, String> headers;

  private WireSocket(Socket socket, int status, Map<String, String> headers) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.status = status;
    this.headers = headers;
  }

  /** Opens the connection and sends the upgrade request; check {@link #status} for 101. */
  static WireSocket open(int port, String path) throws IOException {
    return open(port, path, Map.of());
  }

  static WireSocket open(int port, String path, Map<String, String> extraHeaders) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    String key = Base64.getEncoder().encodeToString(RANDOM.generateSeed(16));
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n");
    extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(), header.substring(colon + 1).trim());
    }
    return new WireSocket(socket, Integer.parseInt(statusLine.split(" ")[1]), headers);
  }

  private static String line(DataInputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the server closed during the handshake");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  void sendText(String text) throws IOException {
    frame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends the text as one message in frames of at most {@code frameBytes} each.
   *
   * @return false when the server closed the connection before all of it was written
   */
  boolean sendFragmented(String text, int frameBytes) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try {
      for (int from = 0; from < bytes.length; from += frameBytes) {
        int to = Math.min(bytes.length, from + frameBytes);
        byte[] part = new byte[to - from];
        System.arraycopy(bytes, from, part, 0, part.length);
        frame(from == 0 ? TEXT : CONTINUATION, to == bytes.length, part);
      }
      return true;
    } catch (SocketException closedByServer) {
      return false;
    }
  }

  /** @return false when the server closed the connection before all of the frame was written */
  boolean trySendText(String text) throws IOException {
    try {
      sendText(text);
      return true;
    } catch (SocketException closedByServer) {
      return false;
    }
  }

  void frame(int opcode, boolean fin, byte[] payload) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      header.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      header.write(0x80 | 126);
      header.write(payload.length >>> 8);
      header.write(payload.length & 0xff);
    } else {
      header.write(0x80 | 127);
      long length = payload.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        header.write((int) (length >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    header.write(mask);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    out.write(header.toByteArray());
    out.write(masked);
    out.flush();
  }

  /** @return the next whole message, pings answered on the way; a close of 1006 when the connection ended without one */
  Message next() throws IOException {
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    int type = -1;
    while (true) {
      int first;
      int second;
      try {
        first = in.read();
        second = first < 0 ? -1 : in.read();
      } catch (SocketException reset) {
        return new Message(CLOSE, new byte[0], 1006, "");
      }
      if (second < 0) {
        return new Message(CLOSE, new byte[0], 1006, "");
      }
      int opcode = first & 0x0f;
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[Math.toIntExact(length)];
      in.readFully(payload);
      if (opcode == PING) {
        frame(PONG, true, payload);
        continue;
      }
      if (opcode == CLOSE) {
        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        return new Message(CLOSE, payload, code, reason);
      }
      if (opcode != CONTINUATION) {
        type = opcode;
      }
      message.write(payload);
      if ((first & 0x80) != 0) {
        return new Message(type, message.toByteArray(), 0, "");
      }
    }
  }

  /** @return the close that ends the connection, skipping messages before it */
  Message awaitClose() throws IOException {
    for (Message message = next(); ; message = next()) {
      if (message.opcode() == CLOSE) {
        return message;
      }
    }
  }

  /** Ends the connection with a reset, as a killed process or a dropped network would. */
  void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
