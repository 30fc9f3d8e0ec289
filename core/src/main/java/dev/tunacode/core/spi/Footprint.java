package dev.tunacode.core.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The paths a call touches, as the agent wrote them. The coordinator resolves them inside the
 * workspace (symlinks followed) and lets two calls overlap only when neither writes or their paths
 * are disjoint; a path overlaps every path under it.
 */
public final class Footprint {

  /** One path and whether the call writes it. */
  public record Access(String path, boolean write) {
  }

  private static final Footprint NONE = new Footprint(List.of(), false);
  private static final Footprint EVERYTHING = new Footprint(List.of(), true);

  private final List<Access> accesses;
  private final boolean everything;

  private Footprint(List<Access> accesses, boolean everything) {
    this.accesses = accesses;
    this.everything = everything;
  }

  /** @return a footprint that touches no file (echo, sleep) */
  public static Footprint none() {
    return NONE;
  }

  /** @return a footprint that conflicts with every other call */
  public static Footprint everything() {
    return EVERYTHING;
  }

  /** @return a footprint that reads one path, or the whole tree under it */
  public static Footprint read(String path) {
    return new Footprint(List.of(new Access(path, false)), false);
  }

  /** @return a footprint that writes one path, or anything under it */
  public static Footprint write(String path) {
    return new Footprint(List.of(new Access(path, true)), false);
  }

  /** @return this footprint with one more path */
  public Footprint and(String path, boolean write) {
    if (everything) {
      return this;
    }
    List<Access> more = new ArrayList<>(accesses);
    more.add(new Access(path, write));
    return new Footprint(Collections.unmodifiableList(more), false);
  }

  /** @return the paths, empty for {@link #none()} and {@link #everything()} */
  public List<Access> accesses() {
    return accesses;
  }

  /** @return true when a path is written; false for {@link #everything()}, which names none */
  public boolean writes() {
    for (Access access : accesses) {
      if (access.write()) {
        return true;
      }
    }
    return false;
  }

  /** @return true when the call may touch anything */
  public boolean isEverything() {
    return everything;
  }

  @Override
  public String toString() {
    return everything ? "Footprint[everything]" : "Footprint" + accesses;
  }
}
