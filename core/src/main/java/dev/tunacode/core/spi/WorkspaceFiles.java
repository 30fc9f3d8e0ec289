package dev.tunacode.core.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The workspace as a plugin's tools see it. Every path is an agent's argument, relative to the root or
 * absolute inside it, and is walked from the root one name at a time, so that neither {@code ..} nor a
 * symlink leads a tool outside. Every method but {@link #root} is blocking: call them inside
 * {@link BlockingIo#run} only.
 */
public interface WorkspaceFiles {

  /** @return the real path of the workspace root, for messages and for a process's working folder */
  Path root();

  /**
   * @return the real path an argument stands for inside the workspace, for messages and for comparing;
   * to read or write it, use {@link #read} and {@link #write}, which do not look the name up again
   * @throws ToolException {@code OUTSIDE_WORKSPACE} when the path or a link on it leads out,
   *                       {@code INVALID_ARGS} when it is empty or not a path
   */
  Path resolve(String path);

  /**
   * Reads a regular file whole.
   *
   * @param limit the most bytes to read
   * @throws ToolException {@code NOT_FOUND} when there is no such file, {@code TOO_LARGE} when it is longer
   *                       than {@code limit}, {@code OUTSIDE_WORKSPACE} as for {@link #resolve}
   * @throws IOException   when the system refuses (a file it may not read, say)
   */
  byte[] read(String path, long limit) throws IOException;

  /**
   * Writes a file atomically: the content goes to a new file in the same folder, is synced, and takes the
   * old one's place in one rename, so that a reader sees the old content or the new, never part of it.
   * Missing folders are created. The file gets mode 0644.
   *
   * @throws ToolException {@code OUTSIDE_WORKSPACE} as for {@link #resolve}
   * @throws IOException   when the system refuses, or a file stands where a folder is needed
   */
  void write(String path, byte[] content) throws IOException;
}
