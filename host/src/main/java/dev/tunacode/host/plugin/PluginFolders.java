package dev.tunacode.host.plugin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which plugin folders a host may load from. A jar in a plugin folder runs as the host's user, so with
 * commands off ({@code tools.execute.enabled=false}), where a client may only read and write files in the
 * workspace, a plugin folder inside the workspace would let a client run code by writing a jar there: such
 * a folder is not read.
 */
public final class PluginFolders {

  private static final Logger LOG = LoggerFactory.getLogger(PluginFolders.class);

  private PluginFolders() {
  }

  /**
   * @param workspace the workspace's real path
   * @return the folders to load from, in their order
   */
  public static List<Path> trusted(List<Path> folders, Path workspace, boolean commandsOn) {
    if (commandsOn) {
      return folders;
    }
    List<Path> kept = new ArrayList<>();
    for (Path folder : folders) {
      if (real(folder).startsWith(workspace)) {
        LOG.warn("Plugin folder {} is inside the workspace and commands are off (tools.execute.enabled=false): it is not "
          + "read, since a client that may write files there could make the host run its code. Put plugins in "
          + "~/.tunacode/plugins or a --plugins folder outside the workspace.", folder);
      } else {
        kept.add(folder);
      }
    }
    return kept;
  }

  /**
   * @return which jars of the trusted folders may be read: with commands off, not one that is a link into
   * the workspace, for the same reason; each refused jar is logged once
   */
  public static java.util.function.Predicate<Path> jarFilter(Path workspace, boolean commandsOn) {
    if (commandsOn) {
      return jar -> true;
    }
    java.util.Set<Path> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    return jar -> {
      if (!real(jar).startsWith(workspace)) {
        return true;
      }
      if (warned.add(jar)) {
        LOG.warn("Plugin jar {} leads into the workspace and commands are off (tools.execute.enabled=false): it is not "
          + "read, since a client that may write files there could make the host run its code.", jar);
      }
      return false;
    };
  }

  // A folder that does not exist yet is taken by its name, its deepest existing parent resolved.
  private static Path real(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }
}
