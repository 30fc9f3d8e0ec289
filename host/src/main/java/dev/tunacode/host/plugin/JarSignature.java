package dev.tunacode.host.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What tells one state of a jar in the folder from another: its size, its time and which file it is (a
 * jar moved into place is another file even when size and time agree).
 */
record JarSignature(long size, long modifiedNanos, Object fileKey) {

  /** @return the jar's signature now, or null when it is gone or cannot be read. Blocking. */
  static JarSignature of(Path jar) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return null;
      }
      return new JarSignature(attributes.size(), attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
        Objects.requireNonNullElse(attributes.fileKey(), ""));
    } catch (IOException e) {
      return null;
    }
  }
}
