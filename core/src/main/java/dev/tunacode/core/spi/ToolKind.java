package dev.tunacode.core.spi;

/**
 * What a tool does to the world, which decides how the coordinator may overlap it with other calls.
 */
public enum ToolKind {
  /** Only reads; overlaps with every call whose footprint it does not share with a writer. */
  READ_ONLY,
  /** Changes the paths in its footprint; runs alone on those paths, in call order. */
  WRITE,
  /** Runs a process that may touch anything; a barrier for every earlier and later call. */
  EXECUTE
}
