package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.cache.FileStamp;
import dev.tunacode.tools.builtin.search.ContentIndex.Verdict;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shard of a {@link ContentIndex}: the files whose paths hash to it, each with its trigrams'
 * {@link TrigramSignature}, and its own lock, so that threads indexing files of different shards never wait
 * for each other.
 * <p>
 * Each file is known by its path below the workspace's root with the stamp it had when it was indexed; a
 * file found with another stamp, or not indexed at all, is searched as before, so the index can lag the
 * tree without a result ever differing from a full scan. A verdict looks at the file's entry as it is when
 * asked, so a lookup made before a file was indexed again answers for its new content. Thread-safe.
 */
final class IndexShard {

  /** Unindexed: too large to index; unsettled: to be read again once its times settle. */
  private enum Kind { TEXT, BINARY, UNINDEXED, UNSETTLED }

  /** @param signature the trigrams' signature of a {@code TEXT} file, null for the others */
  private record Entry(FileStamp stamp, Kind kind, long[] signature) {

    long bytes(String path) {
      return 96 + 2L * path.length() + (signature == null ? 0 : 16 + 8L * signature.length);
    }
  }

  private static final long[] NO_SIGNATURE = new long[0];

  private final long maxFileBytes;
  /** Read without the lock by verdicts, which a grep asks for every file it walks; changed under it. */
  private final Map<String, Entry> files = new ConcurrentHashMap<>();
  private long bytes;

  /** @param maxFileBytes files larger than this are known but their content is not indexed: always searched */
  IndexShard(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * Indexes a file's content as read, replacing what was known of it.
   *
   * @param stamp     what a stat said of it before its content was read
   * @param signature its trigrams' {@link TrigramSignature}, worked out off the index's lock; ignored unless it is text
   * @param binary    true when its first 8 KB hold a NUL
   * @param settled   true when its modification time was old enough, when it was read, that a write in the
   *                  same tick of the file system's clock could not have followed unseen; otherwise it is
   *                  known but searched every time until it is indexed again
   */
  synchronized void put(String path, FileStamp stamp, long[] signature, boolean binary, boolean settled) {
    Kind kind = !settled ? Kind.UNSETTLED : !binary && stamp.size() > maxFileBytes ? Kind.UNINDEXED : binary ? Kind.BINARY : Kind.TEXT;
    add(path, new Entry(stamp, kind, kind == Kind.TEXT ? signature : null));
  }

  /** @return true when the file is known as it is now and need not be read again */
  boolean current(String path, FileStamp now) {
    Entry entry = files.get(path);
    return entry != null && entry.stamp().equals(now) && entry.kind() != Kind.UNSETTLED;
  }

  /** Forgets a file that is gone. */
  synchronized void remove(String path) {
    forget(path);
  }

  /** Forgets every file of this shard that is not among {@code present}. */
  synchronized void retainOnly(Set<String> present) {
    for (String path : List.copyOf(files.keySet())) {
      if (!present.contains(path)) {
        forget(path);
      }
    }
  }

  /** Writes what it knows, under its lock. */
  synchronized void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(files.size());
    for (Map.Entry<String, Entry> file : files.entrySet()) {
      Entry entry = file.getValue();
      FileStamp stamp = entry.stamp();
      out.writeUTF(file.getKey());
      out.writeByte(entry.kind().ordinal());
      out.writeBoolean(stamp.folder());
      out.writeLong(stamp.size());
      out.writeLong(stamp.modifiedNanos());
      out.writeLong(stamp.changedNanos());
      out.writeLong(stamp.device());
      out.writeLong(stamp.inode());
      long[] signature = entry.signature() == null ? NO_SIGNATURE : entry.signature();
      out.writeInt(signature.length);
      for (long word : signature) {
        out.writeLong(word);
      }
    }
  }

  /**
   * @param limit the bytes of the file: no count or length read may claim more
   * @throws IOException when what is read cannot be a shard: the file is damaged
   */
  static IndexShard readFrom(DataInputStream in, long maxFileBytes, long limit) throws IOException {
    IndexShard shard = new IndexShard(maxFileBytes);
    int count = in.readInt();
    if (count < 0 || count > limit / 48) {
      throw new IOException("a shard of " + count + " files");
    }
    Kind[] kinds = Kind.values();
    for (int i = 0; i < count; i++) {
      String path = in.readUTF();
      int kind = in.readUnsignedByte();
      if (kind >= kinds.length || shard.files.containsKey(path)) {
        throw new IOException("file " + path + " of kind " + kind + ", or twice");
      }
      FileStamp stamp = new FileStamp(in.readBoolean(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
      int words = in.readInt();
      boolean text = kinds[kind] == Kind.TEXT;
      if (text ? !TrigramSignature.validLength(words) || words > limit / 8 : words != 0) {
        throw new IOException("file " + path + " of kind " + kinds[kind] + " with a signature of " + words + " words");
      }
      long[] signature = text ? new long[words] : null;
      for (int w = 0; w < words; w++) {
        signature[w] = in.readLong();
      }
      shard.add(path, new Entry(stamp, kinds[kind], signature));
    }
    return shard;
  }

  int files() {
    return files.size();
  }

  /** @return about the bytes it takes on the heap: the files' entries and their signatures */
  synchronized long bytes() {
    return bytes;
  }

  /**
   * @param trigrams what {@link TrigramQuery#of} gave for the pattern; none means every file is searched
   * @return what to do with each file, asked by path, size and modification time as the walk found them
   */
  Lookup lookup(int[] trigrams) {
    return new Lookup(trigrams.length == 0 ? null : TrigramSignature.hashes(trigrams));
  }

  /** The verdicts of one query. */
  final class Lookup {

    /** The query's trigrams' hashes; null when it narrows nothing. */
    private final long[] hashes;

    private Lookup(long[] hashes) {
      this.hashes = hashes;
    }

    /** @param now what a stat says of the file now, as the walk found it */
    Verdict verdict(String path, FileStamp now) {
      Entry entry = files.get(path);
      if (entry == null || !entry.stamp().equals(now)) {
        return Verdict.UNKNOWN;
      }
      return switch (entry.kind()) {
        case BINARY -> Verdict.BINARY;
        case UNINDEXED, UNSETTLED -> Verdict.SEARCH;
        case TEXT -> hashes == null || TrigramSignature.mayHold(entry.signature(), hashes) ? Verdict.SEARCH : Verdict.NO_MATCH;
      };
    }
  }

  private void add(String path, Entry entry) {
    forget(path);
    files.put(path, entry);
    bytes += entry.bytes(path);
  }

  private void forget(String path) {
    Entry old = files.remove(path);
    if (old != null) {
      bytes -= old.bytes(path);
    }
  }
}
