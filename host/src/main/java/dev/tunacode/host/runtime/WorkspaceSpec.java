package dev.tunacode.host.runtime;

import dev.tunacode.core.workspace.Workspace;

import java.nio.file.Path;

/**
 * A workspace to serve, as the command line names it: {@code ID=DIR}, or {@code DIR} for {@code default}.
 *
 * @param id   the workspace's id
 * @param root its folder, absolute
 */
public record WorkspaceSpec(String id, Path root) {

  /**
   * @throws IllegalArgumentException when the id is not a plain name, or the folder is empty
   */
  public static WorkspaceSpec parse(String given) {
    int equals = given.indexOf('=');
    // "a=b" is an id and a folder only when what comes before '=' could be an id; a folder may hold '='.
    if (equals > 0 && Workspace.checkId(given.substring(0, equals)) == null) {
      return of(given.substring(0, equals), given.substring(equals + 1));
    }
    if (equals == 0) {
      throw new IllegalArgumentException("--workspace '" + given + "' has no id before '='. Give ID=DIR, such as api=~/src/api, "
        + "or just DIR for the workspace 'default'.");
    }
    return of(Workspace.DEFAULT_ID, given);
  }

  private static WorkspaceSpec of(String id, String folder) {
    if (folder.isBlank()) {
      throw new IllegalArgumentException("--workspace " + id + "= names no folder. Give ID=DIR, such as " + id + "=~/src/" + id + ".");
    }
    return new WorkspaceSpec(id, Path.of(folder).toAbsolutePath().normalize());
  }

  /** @return the workspace {@code default} on the folder */
  public static WorkspaceSpec ofDefault(Path root) {
    return new WorkspaceSpec(Workspace.DEFAULT_ID, root.toAbsolutePath().normalize());
  }
}
