package dev.tunacode.host.plugin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The folders of private jar copies are named after the host's process, so that a host killed before it
 * could delete its own leaves something the next one can recognise and delete.
 */
final class StaleCopies {

  private static final Logger LOG = LoggerFactory.getLogger(StaleCopies.class);
  private static final Pattern NAME = Pattern.compile("tunacode-plugins-(\\d+)-.*");

  private StaleCopies() {
  }

  /** @return the prefix of this process's folder of copies */
  static String prefix() {
    return "tunacode-plugins-" + ProcessHandle.current().pid() + "-";
  }

  /** Deletes the folders of copies whose process is gone. Blocking; never fails. */
  static void sweep() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, "tunacode-plugins-*")) {
      for (Path folder : folders) {
        Matcher named = NAME.matcher(folder.getFileName().toString());
        if (named.matches() && ProcessHandle.of(Long.parseLong(named.group(1))).isEmpty()) {
          delete(folder);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not look for stale plugin copies in {}: {}", tmp, e.toString());
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
      LOG.info("Deleted {}, the plugin copies of a host that is gone", folder);
    } catch (IOException e) {
      LOG.warn("Could not delete stale plugin copies in {}: {}", folder, e.toString());
    }
  }
}
