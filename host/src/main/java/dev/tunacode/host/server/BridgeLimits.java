package dev.tunacode.host.server;

/**
 * The bridge's size limits, all derived from {@code server.maxMessageBytes}.
 *
 * @param messageBytes the largest message the bridge takes; a larger one is refused with 413 on its reply address
 */
record BridgeLimits(int messageBytes) {

  /**
   * What a transport reads of one message, or of one SockJS send, before it cuts the connection off. SockJS
   * carries a message as a JSON string, whose escapes can double it (a quote becomes {@code \"}, then
   * {@code \\\"}) and more for the few characters sockjs-client writes as {@code \\uXXXX}; four times leaves
   * room for that, so that every message within {@link #messageBytes} gets through and every larger one
   * up to this gets the bridge's readable 413.
   */
  int transportBytes() {
    return messageBytes * 4;
  }

  /** The reason a connection closed for a message or frame over {@link #transportBytes} is given, in at most 123 bytes. */
  String cutOffReason() {
    return "Over " + transportBytes() + " bytes; this host takes messages of at most " + messageBytes + " bytes.";
  }

  /** The 413 refusal of a message over {@link #messageBytes}. */
  String tooLarge(long bytes) {
    return "The message is " + bytes + " bytes; this host accepts at most " + messageBytes + ". Split the batch into smaller ones.";
  }
}
