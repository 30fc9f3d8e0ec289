package dev.tunacode.core.coordinator;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's unfinished calls filed by the paths they read and write, in a tree of path names, so that
 * finding the calls a new one conflicts with looks only at its own path's ancestors and at the part of
 * its subtree that holds calls of a conflicting kind. A plain list compared against every new call
 * would make ten thousand writes of one file cost fifty million comparisons on the event loop.
 */
final class FootprintIndex {

  private static final class Node {
    final Node parent;
    final String name;
    final Map<String, Node> children = new HashMap<>(2);
    final Set<PlannedCall> readers = new LinkedHashSet<>(2);
    final Set<PlannedCall> writers = new LinkedHashSet<>(2);
    /** Entries in this node and below, so that empty subtrees are skipped and pruned. */
    int entriesBelow;
    int writersBelow;

    Node(Node parent, String name) {
      this.parent = parent;
      this.name = name;
    }
  }

  private final Node root = new Node(null, "");
  private final Set<PlannedCall> members = new LinkedHashSet<>();

  /** @return every call filed, earliest first */
  Set<PlannedCall> members() {
    return members;
  }

  boolean contains(PlannedCall call) {
    return members.contains(call);
  }

  void add(PlannedCall call) {
    if (!members.add(call)) {
      return;
    }
    for (Path path : call.resolved.reads()) {
      file(path, call, false);
    }
    for (Path path : call.resolved.writes()) {
      file(path, call, true);
    }
  }

  void remove(PlannedCall call) {
    if (!members.remove(call)) {
      return;
    }
    for (Path path : call.resolved.reads()) {
      unfile(path, call, false);
    }
    for (Path path : call.resolved.writes()) {
      unfile(path, call, true);
    }
  }

  void clear() {
    root.children.clear();
    root.readers.clear();
    root.writers.clear();
    root.entriesBelow = 0;
    root.writersBelow = 0;
    members.clear();
  }

  /**
   * The filed calls that conflict with a footprint: those that write a path it touches, and, where it
   * writes, those that read one. Paths conflict when one lies within the other.
   *
   * @return the conflicting calls, earliest first within each path, or null when there are more than
   *   {@code limit}
   */
  Set<PlannedCall> conflicts(ResolvedFootprint footprint, int limit) {
    Set<PlannedCall> found = new LinkedHashSet<>();
    for (Path path : footprint.writes()) {
      if (!collect(path, true, found, limit)) {
        return null;
      }
    }
    for (Path path : footprint.reads()) {
      if (!collect(path, false, found, limit)) {
        return null;
      }
    }
    return found;
  }

  private boolean collect(Path path, boolean writing, Set<PlannedCall> found, int limit) {
    Node node = root;
    if (!take(node, writing, found, limit)) {
      return false;
    }
    for (Path name : path) {
      node = node.children.get(name.toString());
      if (node == null) {
        return true;
      }
      if (!take(node, writing, found, limit)) {
        return false;
      }
    }
    ArrayDeque<Node> below = new ArrayDeque<>(node.children.values());
    while (!below.isEmpty()) {
      Node next = below.pop();
      if ((writing ? next.entriesBelow : next.writersBelow) == 0) {
        continue;
      }
      if (!take(next, writing, found, limit)) {
        return false;
      }
      below.addAll(next.children.values());
    }
    return true;
  }

  private static boolean take(Node node, boolean writing, Set<PlannedCall> found, int limit) {
    found.addAll(node.writers);
    if (writing) {
      found.addAll(node.readers);
    }
    return found.size() <= limit;
  }

  private void file(Path path, PlannedCall call, boolean writing) {
    Node node = root;
    for (Path name : path) {
      Node child = node.children.get(name.toString());
      if (child == null) {
        child = new Node(node, name.toString());
        node.children.put(child.name, child);
      }
      node = child;
    }
    if (!(writing ? node.writers : node.readers).add(call)) {
      return;
    }
    for (Node up = node; up != null; up = up.parent) {
      up.entriesBelow++;
      if (writing) {
        up.writersBelow++;
      }
    }
  }

  private void unfile(Path path, PlannedCall call, boolean writing) {
    Node node = root;
    for (Path name : path) {
      node = node.children.get(name.toString());
      if (node == null) {
        return;
      }
    }
    if (!(writing ? node.writers : node.readers).remove(call)) {
      return;
    }
    for (Node up = node; up != null; up = up.parent) {
      up.entriesBelow--;
      if (writing) {
        up.writersBelow--;
      }
      if (up.entriesBelow == 0 && up.parent != null) {
        up.parent.children.remove(up.name);
      }
    }
  }

  /** @return true when every path the call touches lies within one of {@code writes} */
  static boolean coveredBy(ResolvedFootprint footprint, List<Path> writes) {
    return allWithin(footprint.reads(), writes) && allWithin(footprint.writes(), writes);
  }

  private static boolean allWithin(List<Path> paths, List<Path> writes) {
    for (Path path : paths) {
      if (writes.stream().noneMatch(path::startsWith)) {
        return false;
      }
    }
    return true;
  }
}
