package dev.tunacode.core.spi;

/**
 * The version of this SPI, {@code MAJOR.MINOR}. A minor version adds to the SPI and keeps what was there;
 * a major one may change or remove. A plugin jar names the version it was built for in its manifest's
 * {@code Plugin-Requires}; the host loads it when the majors are equal and the host's minor is at least
 * the jar's.
 */
public final class SpiVersion {

  /** The version this host offers. */
  public static final String CURRENT = "1.1";

  private SpiVersion() {
  }

  /**
   * @param required a jar's {@code Plugin-Requires}, such as {@code 1.0}, or {@code 1} for {@code 1.0}
   * @return whether this host can load it
   * @throws IllegalArgumentException when it is not {@code MAJOR} or {@code MAJOR.MINOR}
   */
  public static boolean offers(String required) {
    int[] wanted = parse(required);
    int[] offered = parse(CURRENT);
    return wanted[0] == offered[0] && wanted[1] <= offered[1];
  }

  private static int[] parse(String version) {
    String[] parts = version.trim().split("\\.", -1);
    try {
      if (parts.length == 1 || parts.length == 2) {
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
        if (major >= 0 && minor >= 0) {
          return new int[] {major, minor};
        }
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException("'" + version + "' is not a version such as 1.0");
  }
}
