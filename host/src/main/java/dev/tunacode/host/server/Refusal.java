package dev.tunacode.host.server;

/**
 * Why the guard refuses a frame: the failure code the client gets and the message that says what to do.
 */
record Refusal(int code, String message) {
}
