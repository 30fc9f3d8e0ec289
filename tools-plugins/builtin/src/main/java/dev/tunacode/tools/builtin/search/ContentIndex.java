package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.cache.FileStamp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * Which trigrams each file of a tree may hold ({@link TrigramSignature}), so that a search reads only the
 * files that can match: the files split into shards by their path's hash ({@link IndexShard}), so that
 * building and keeping it current can run on as many threads as there are shards. Thread-safe.
 */
final class ContentIndex {

  /** What a search must do with one file. */
  enum Verdict {
    /** Read it and search it: it may match. */
    SEARCH,
    /** Read it and search it: the index does not know it as it is now, and should read it again. */
    UNKNOWN,
    /** It is text without the trigrams a match needs: searched, and nothing found. */
    NO_MATCH,
    /** It holds a NUL in its first 8 KB: the search skips it as binary, unsearched. */
    BINARY
  }

  private final IndexShard[] shards;
  private final long maxFileBytes;

  /**
   * @param maxFileBytes files larger than this are known but their content is not indexed: always searched
   * @param shards       how many shards: as many as the threads that are to index at once
   */
  ContentIndex(long maxFileBytes, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be positive, was " + shards);
    }
    this.maxFileBytes = maxFileBytes;
    this.shards = new IndexShard[shards];
    for (int i = 0; i < shards; i++) {
      this.shards[i] = new IndexShard(maxFileBytes);
    }
  }

  /** @return the shard a path's file is indexed in, from 0 to {@code shards - 1} */
  static int shardOf(String path, int shards) {
    return Math.floorMod(path.hashCode() * 0x9E3779B1, shards);
  }

  /** @see IndexShard#put */
  void put(String path, FileStamp stamp, long[] signature, boolean binary, boolean settled) {
    shard(path).put(path, stamp, signature, binary, settled);
  }

  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(shards.length);
    for (IndexShard shard : shards) {
      shard.writeTo(out);
    }
  }

  /**
   * Reads what a saved index knew, to be {@link #adopt adopted} once the whole file is found sound.
   *
   * @param limit the file's size: no count or length in it may claim more, so a damaged one allocates nothing
   *
   * @throws IOException when the file is damaged, or was saved with another number of shards
   */
  IndexShard[] read(DataInputStream in, long limit) throws IOException {
    int count = in.readInt();
    if (count != shards.length) {
      throw new IOException("saved with " + count + " shards, not " + shards.length);
    }
    IndexShard[] read = new IndexShard[count];
    for (int i = 0; i < count; i++) {
      read[i] = IndexShard.readFrom(in, maxFileBytes, limit);
    }
    return read;
  }

  /** Takes what a saved index knew in place of what this one knows: before any lookup, as it is not atomic. */
  void adopt(IndexShard[] read) {
    System.arraycopy(read, 0, shards, 0, shards.length);
  }

  /** @see IndexShard#current */
  boolean current(String path, FileStamp now) {
    return shard(path).current(path, now);
  }

  /** Forgets a file that is gone. */
  void remove(String path) {
    shard(path).remove(path);
  }

  /**
   * Forgets every file not among {@code present}: files deleted, renamed away or now ignored, which no walk
   * asks about any more but which would take their room until the index is built again.
   *
   * @param present the paths, below the workspace's root, of every file a whole walk of it found
   */
  void retainOnly(Set<String> present) {
    for (IndexShard shard : shards) {
      shard.retainOnly(present);
    }
  }

  int files() {
    return Arrays.stream(shards).mapToInt(IndexShard::files).sum();
  }

  /** @return about the bytes it takes on the heap */
  long bytes() {
    return Arrays.stream(shards).mapToLong(IndexShard::bytes).sum();
  }

  /**
   * @param trigrams what {@link TrigramQuery#of} gave for the pattern; none means every file is searched
   * @return what to do with each file, asked by path, size and modification time as the walk found them
   */
  Lookup lookup(int[] trigrams) {
    IndexShard.Lookup[] each = new IndexShard.Lookup[shards.length];
    for (int i = 0; i < shards.length; i++) {
      each[i] = shards[i].lookup(trigrams);
    }
    return new Lookup(each);
  }

  /** The verdicts of one query, shard by shard. */
  final class Lookup {

    private final IndexShard.Lookup[] each;

    private Lookup(IndexShard.Lookup[] each) {
      this.each = each;
    }

    /**
     * @param path the file's path below the workspace's root
     * @param now  what a stat says of it now, as the walk found it
     */
    Verdict verdict(String path, FileStamp now) {
      return each[shardOf(path, each.length)].verdict(path, now);
    }
  }

  private IndexShard shard(String path) {
    return shards[shardOf(path, shards.length)];
  }
}
