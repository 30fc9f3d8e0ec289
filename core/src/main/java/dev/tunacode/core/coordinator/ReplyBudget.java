package dev.tunacode.core.coordinator;

/**
 * How large replies may grow, in characters of JSON (see {@link ResultSize}).
 *
 * @param perResult one call's output: a tool stops adding near it, and a larger output is refused
 * @param perReply  one batch's reply: once its finished results reach it, calls not started are not run
 */
record ReplyBudget(long perResult, long perReply) {
}
