package dev.tunacode.host.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generates and checks the access token.
 */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {
  }

  /** @return 48 hex characters of fresh randomness */
  public static String generate() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Compares in time that does not depend on where the strings differ. */
  static boolean matches(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
