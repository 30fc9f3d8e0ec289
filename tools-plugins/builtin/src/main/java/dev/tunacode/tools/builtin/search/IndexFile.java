package dev.tunacode.tools.builtin.search;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A {@link ContentIndex} saved between runs of the host, one file a workspace, named by a hash of the
 * workspace's real path. What it holds is never trusted as it is: each file it knows is known by the stamp
 * it had when read (inode, change time and all), and the sync after loading reads again every file whose
 * stamp differs now, and forgets those gone. A file written whole to a temporary name and renamed over the
 * old, so that a host killed while saving leaves the old one; a checksum over all of it, so that a damaged
 * one is refused and the index built from nothing.
 */
final class IndexFile {

  private static final String MAGIC = "tunacode-index";
  private static final int VERSION = 2;

  private final Path file;
  private final String workspace;

  /**
   * @param folder        where the saved indexes are
   * @param workspaceRoot the workspace's real root
   */
  IndexFile(Path folder, Path workspaceRoot) {
    this.workspace = workspaceRoot.toString();
    this.file = folder.resolve(hash(workspace) + ".idx");
  }

  Path path() {
    return file;
  }

  /** Saves the index: blocking, on the pool. */
  void save(ContentIndex index) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      CRC32 crc = new CRC32();
      try (OutputStream raw = Files.newOutputStream(temporary);
           CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
           DataOutputStream out = new DataOutputStream(checked)) {
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(workspace);
        index.writeTo(out);
        out.flush();
        // The checksum itself is not summed: written to the raw stream after everything else.
        DataOutputStream tail = new DataOutputStream(raw);
        tail.writeLong(crc.getValue());
        tail.flush();
      }
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Loads what was saved into an empty index. Blocking, on the pool.
   *
   * @return false when nothing was saved for this workspace
   * @throws IOException when the file is damaged, of another version or of another workspace: the index is then
   *                     left as it was
   */
  boolean load(ContentIndex into) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    long size = Files.size(file);
    CRC32 crc = new CRC32();
    try (InputStream raw = Files.newInputStream(file);
         CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
         DataInputStream in = new DataInputStream(checked)) {
      if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
        throw new IOException("not an index of this version");
      }
      String saved = in.readUTF();
      if (!workspace.equals(saved)) {
        throw new IOException("an index of " + saved);
      }
      IndexShard[] shards = into.read(in, size);
      long summed = crc.getValue();
      long expected = in.readLong();
      if (expected != summed || in.read() != -1) {
        throw new IOException("its checksum does not match (" + size + " bytes)");
      }
      into.adopt(shards);
      return true;
    } catch (EOFException | RuntimeException e) {
      throw new IOException("it ends early or holds what no index holds: " + e, e);
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
  }
}
