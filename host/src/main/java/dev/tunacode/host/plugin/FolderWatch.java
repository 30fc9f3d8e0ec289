package dev.tunacode.host.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Tells which jars in the plugin folders have settled since the last look (their size, time and file
 * unchanged for a while, so that a jar still being copied in is not read) and which have gone. It only
 * looks: loading is the manager's. One thread scans.
 */
final class FolderWatch {

  /** A jar seen in a state not yet loaded, and since when it has been in it. */
  private record Pending(JarSignature signature, long sinceNanos) {
  }

  /**
   * What changed.
   *
   * @param settled jars new or changed, and settled
   * @param gone    jars loaded before that are no longer there
   */
  record Changes(List<Path> settled, List<Path> gone) {
    boolean isEmpty() {
      return settled.isEmpty() && gone.isEmpty();
    }
  }

  private final List<Path> folders;
  private final Predicate<Path> admitted;
  private final long settleNanos;
  /** Touched by the watcher and, for a jar whose load outlasts its wait, by that load's thread. */
  private final Map<Path, Pending> pending = new ConcurrentHashMap<>();

  FolderWatch(List<Path> folders, Predicate<Path> admitted, long settleMs) {
    this.folders = folders;
    this.admitted = admitted;
    this.settleNanos = settleMs * 1_000_000;
  }

  /**
   * Looks at the folders once. Blocking.
   *
   * @param loaded each jar the manager has loaded (or failed to) and its signature then
   */
  Changes scan(Map<Path, JarSignature> loaded, long nowNanos) {
    Set<Path> present = new LinkedHashSet<>();
    List<Path> settled = new ArrayList<>();
    for (Path jar : jarsIn(folders, admitted)) {
      present.add(jar);
      JarSignature now = JarSignature.of(jar);
      if (now == null || now.equals(loaded.get(jar))) {
        pending.remove(jar);
        continue;
      }
      Pending seen = pending.get(jar);
      if (seen == null || !seen.signature().equals(now)) {
        pending.put(jar, new Pending(now, nowNanos));
      } else if (nowNanos - seen.sinceNanos() >= settleNanos) {
        settled.add(jar);
      }
    }
    pending.keySet().retainAll(present);
    List<Path> gone = loaded.keySet().stream().filter(jar -> !present.contains(jar)).toList();
    return new Changes(settled, gone);
  }

  /** A jar loaded from a state that has changed again while it was copied stays pending. */
  void loaded(Path jar) {
    pending.remove(jar);
  }

  /** @return the jars of every folder, in folder order and by name within each; missing folders are skipped */
  static List<Path> jarsIn(List<Path> folders, Predicate<Path> admitted) {
    List<Path> jars = new ArrayList<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.list(folder)) {
        files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).filter(admitted).sorted()
          .forEach(jars::add);
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(FolderWatch.class).warn("Cannot list the plugin folder {}: {}", folder, e.getMessage());
      }
    }
    return jars;
  }
}
