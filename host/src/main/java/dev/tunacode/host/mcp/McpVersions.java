package dev.tunacode.host.mcp;

import java.util.List;

/** The revisions of the MCP specification this server speaks. */
final class McpVersions {

  /** What {@code initialize} offers when the client asks for a revision not served. */
  static final String LATEST = "2025-11-25";
  /** What {@code initialize} may agree on. */
  static final List<String> NEGOTIATED = List.of("2025-11-25", "2025-06-18");
  /**
   * What a request's {@code MCP-Protocol-Version} header may say: those, and the revision a request without
   * the header is taken to speak, which clients also send after agreeing on a later one.
   */
  static final List<String> IN_HEADER = List.of("2025-11-25", "2025-06-18", "2025-03-26");
  static final String WITHOUT_HEADER = "2025-03-26";

  private McpVersions() {
  }

  static String agree(Object requested) {
    return requested instanceof String version && NEGOTIATED.contains(version) ? version : LATEST;
  }
}
