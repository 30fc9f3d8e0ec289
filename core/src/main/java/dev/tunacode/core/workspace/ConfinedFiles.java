package dev.tunacode.core.workspace;

import dev.tunacode.core.spi.ErrorCode;
import dev.tunacode.core.spi.ToolException;
import dev.tunacode.core.spi.WorkspaceFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link WorkspaceFiles} for plugins, over the handles of a {@link Workspace}: a plugin gets confinement
 * and atomic writes without reaching into the host's own classes.
 */
public final class ConfinedFiles implements WorkspaceFiles {

  private static final int MODE = 0644;

  private final Workspace workspace;

  public ConfinedFiles(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public Path root() {
    return workspace.root();
  }

  @Override
  public Path resolve(String path) {
    return workspace.resolve(path);
  }

  @Override
  public byte[] read(String path, long limit) throws IOException {
    try (ResolvedPath file = workspace.locate(path)) {
      if (!file.exists()) {
        throw new ToolException(ErrorCode.NOT_FOUND, "There is no file '" + path + "'. Check the path, relative to the workspace root.");
      }
      try (FileHandle handle = file.openFile()) {
        byte[] bytes = handle.readAll(handle.stat().size(), limit);
        if (bytes.length > limit) {
          throw new ToolException(ErrorCode.TOO_LARGE, "The file '" + path + "' is longer than " + limit + " bytes.");
        }
        return bytes;
      }
    }
  }

  @Override
  public void write(String path, byte[] content) throws IOException {
    try (ResolvedPath file = workspace.locate(path); DirHandle folder = file.createFolders()) {
      folder.replaceFile(file.name(), content, MODE);
    }
  }
}
