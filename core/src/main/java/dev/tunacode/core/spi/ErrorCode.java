package dev.tunacode.core.spi;

/**
 * The stable error codes of the wire contract. Clients may switch on them; never rename one.
 */
public enum ErrorCode {
  UNKNOWN_TOOL,
  INVALID_ARGS,
  NOT_FOUND,
  OUTSIDE_WORKSPACE,
  ALREADY_EXISTS,
  NO_MATCH,
  AMBIGUOUS_MATCH,
  TOO_LARGE,
  BINARY_FILE,
  TIMEOUT,
  DENIED,
  IO_ERROR,
  CANCELLED,
  NODE_LOST,
  INTERNAL
}
