package dev.tunacode.core.cache;

import dev.tunacode.core.os.Stat;
import dev.tunacode.core.spi.Footprint;
import dev.tunacode.core.workspace.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a read-only call's result depends on, as the disk says now: each footprint path as written and as
 * resolved, and the stamp of each resolved path that is a file.
 *
 * @param paths   the paths whose change makes the result untrue, for {@link TreeGenerations#staleSince}
 * @param stamps  one per footprint path: the file's stamp, or null for a folder
 * @param folders true when a footprint path is a folder
 * @param direct  true when every path resolved to itself: no symlink on the way
 */
record Coverage(List<Path> paths, List<FileStamp> stamps, boolean folders, boolean direct) {

  /**
   * Resolves the footprint inside the workspace and stats what it leads to. Blocking: on the pool only.
   *
   * @return null when a path cannot be resolved or leads to nothing: the tool reports that, and there is
   * nothing to keep
   */
  static Coverage of(Workspace workspace, Footprint footprint) {
    Coverage direct = reachedDirectly(workspace, footprint);
    return direct != null ? direct : walked(workspace, footprint);
  }

  // Each path opened with no symlink allowed on the way: then it is its own resolution, and one stat says the rest.
  private static Coverage reachedDirectly(Workspace workspace, Footprint footprint) {
    return unwalked(workspace, footprint, lexical -> {
      Stat stat = workspace.statDirect(lexical);
      return stat == null ? null : FileStamp.of(stat);
    });
  }

  private static Coverage walked(Workspace workspace, Footprint footprint) {
    List<Path> paths = new ArrayList<>(2);
    List<FileStamp> stamps = new ArrayList<>(1);
    boolean folders = false;
    for (Footprint.Access access : footprint.accesses()) {
      Path resolved;
      try {
        Path written = workspace.lexical(access.path());
        resolved = workspace.resolve(access.path());
        paths.add(written);
        if (!resolved.equals(written)) {
          paths.add(resolved);
        }
      } catch (RuntimeException unresolvable) {
        return null;
      }
      FileStamp stamp = FileStamp.orNull(resolved);
      if (stamp == null) {
        return null;
      }
      folders |= stamp.folder();
      stamps.add(stamp.folder() ? null : stamp);
    }
    return new Coverage(paths, stamps, folders, paths.size() == footprint.accesses().size());
  }

  /**
   * The paths as written, stat'ed, without walking them: what {@link #of} gives for a footprint whose paths
   * had no symlink on the way, while nothing on the way has changed since, which a trusted watcher tells.
   * Blocking: one {@code stat} a path.
   *
   * @return null when a path is no longer there
   */
  static Coverage direct(Workspace workspace, Footprint footprint) {
    return unwalked(workspace, footprint, FileStamp::orNull);
  }

  /**
   * What {@link #direct} gives, from the paths a kept result found for the same footprint: a key names the
   * same tool and arguments, so their footprint is the same, and the paths as written are compared to be
   * sure. Blocking: one {@code stat} a path.
   *
   * @param held the result kept, which was {@link CachedResult#direct}
   * @return null when a path is no longer there
   */
  static Coverage again(Workspace workspace, CachedResult held, Footprint footprint) {
    List<Footprint.Access> accesses = footprint.accesses();
    if (accesses.size() != held.written().size()) {
      return direct(workspace, footprint);
    }
    for (int i = 0; i < accesses.size(); i++) {
      if (!accesses.get(i).path().equals(held.written().get(i))) {
        return direct(workspace, footprint);
      }
    }
    return stamped(held.paths(), FileStamp::orNull);
  }

  /** @return each footprint path as the call wrote it */
  static List<String> written(Footprint footprint) {
    List<String> written = new ArrayList<>(footprint.accesses().size());
    footprint.accesses().forEach(access -> written.add(access.path()));
    return List.copyOf(written);
  }

  // Each path its own resolution: its stamp, as stamped from its lexical path, says the rest.
  private static Coverage unwalked(Workspace workspace, Footprint footprint, Function<Path, FileStamp> stamper) {
    List<Path> paths = new ArrayList<>(footprint.accesses().size());
    try {
      for (Footprint.Access access : footprint.accesses()) {
        paths.add(workspace.lexical(access.path()));
      }
    } catch (RuntimeException unresolvable) {
      return null;
    }
    return stamped(paths, stamper);
  }

  // Paths that are their own resolution, each stamped: null when one is no longer there.
  private static Coverage stamped(List<Path> paths, Function<Path, FileStamp> stamper) {
    List<FileStamp> stamps = new ArrayList<>(paths.size());
    boolean folders = false;
    for (Path path : paths) {
      FileStamp stamp;
      try {
        stamp = stamper.apply(path);
      } catch (RuntimeException unreachable) {
        return null;
      }
      if (stamp == null) {
        return null;
      }
      folders |= stamp.folder();
      stamps.add(stamp.folder() ? null : stamp);
    }
    return new Coverage(paths, stamps, folders, true);
  }
}
