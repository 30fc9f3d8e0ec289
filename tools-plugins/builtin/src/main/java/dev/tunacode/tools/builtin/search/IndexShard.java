package dev.tunacode.tools.builtin.search;

import dev.tunacode.core.cache.FileStamp;
import dev.tunacode.tools.builtin.search.ContentIndex.Verdict;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One shard of a {@link ContentIndex}: the files whose paths hash to it, their trigrams' lists, and its
 * own lock, so that threads indexing files of different shards never wait for each other.
 * <p>
 * Each file is known by its path below the workspace's root with the stamp it had when it was indexed; a
 * file found with another stamp, or not indexed at all, is searched as before,
 * so the index can lag the tree without a result ever differing from a full scan. A file gets a new id
 * each time it is indexed again; the ids it had before are dead, and once they outnumber the live ones
 * the lists are rewritten without them. Thread-safe.
 */
final class IndexShard {

  /** Unindexed: too large to index; unsettled: to be read again once its times settle. */
  private enum Kind { TEXT, BINARY, UNINDEXED, UNSETTLED }

  private record Entry(int id, FileStamp stamp, Kind kind) {
  }

  private final long maxFileBytes;
  private final Map<String, Entry> files = new HashMap<>();
  private final BitSet live = new BitSet();
  private TrigramTable postings = new TrigramTable();
  private int nextId;
  private int compactions;

  /** @param maxFileBytes files larger than this are known but their content is not indexed: always searched */
  IndexShard(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * Indexes a file's content as read, replacing what was known of it.
   *
   * @param stamp    what a stat said of it before its content was read
   * @param trigrams its distinct trigrams ({@link Trigrams.Collector}), worked out off the index's lock
   * @param binary   true when its first 8 KB hold a NUL
   * @param settled  true when its modification time was old enough, when it was read, that a write in the
   *                 same tick of the file system's clock could not have followed unseen; otherwise it is
   *                 known but searched every time until it is indexed again
   */
  synchronized void put(String path, FileStamp stamp, int[] trigrams, boolean binary, boolean settled) {
    forget(path);
    int id = nextId++;
    Kind kind = !settled ? Kind.UNSETTLED : !binary && stamp.size() > maxFileBytes ? Kind.UNINDEXED : binary ? Kind.BINARY : Kind.TEXT;
    files.put(path, new Entry(id, stamp, kind));
    live.set(id);
    if (kind == Kind.TEXT) {
      for (int trigram : trigrams) {
        postings.list(trigram).add(id);
      }
    }
    compactIfMostlyDead();
  }

  /** @return true when the file is known as it is now and need not be read again */
  synchronized boolean current(String path, FileStamp now) {
    Entry entry = files.get(path);
    return entry != null && entry.stamp().equals(now) && entry.kind() != Kind.UNSETTLED;
  }

  /** Forgets a file that is gone. */
  synchronized void remove(String path) {
    forget(path);
    compactIfMostlyDead();
  }

  /** Forgets every file of this shard that is not among {@code present}. */
  synchronized void retainOnly(Set<String> present) {
    for (String path : List.copyOf(files.keySet())) {
      if (!present.contains(path)) {
        forget(path);
      }
    }
    compactIfMostlyDead();
  }

  // A file edited again and again leaves an id behind each time, as a removed one does.
  private void compactIfMostlyDead() {
    if (nextId - files.size() > Math.max(1024, files.size())) {
      compact();
    }
  }

  /** Writes what it knows, under its lock: ids as they are, so the lists stay as they are. */
  synchronized void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(nextId);
    out.writeInt(files.size());
    for (Map.Entry<String, Entry> file : files.entrySet()) {
      Entry entry = file.getValue();
      FileStamp stamp = entry.stamp();
      out.writeUTF(file.getKey());
      out.writeInt(entry.id());
      out.writeByte(entry.kind().ordinal());
      out.writeBoolean(stamp.folder());
      out.writeLong(stamp.size());
      out.writeLong(stamp.modifiedNanos());
      out.writeLong(stamp.changedNanos());
      out.writeLong(stamp.device());
      out.writeLong(stamp.inode());
    }
    postings.writeTo(out);
  }

  /**
   * @param limit the bytes of the file: no count or length read may claim more
   * @throws IOException when what is read cannot be a shard: the file is damaged
   */
  static IndexShard readFrom(DataInputStream in, long maxFileBytes, long limit) throws IOException {
    IndexShard shard = new IndexShard(maxFileBytes);
    shard.nextId = in.readInt();
    int count = in.readInt();
    if (shard.nextId < 0 || count < 0 || count > shard.nextId || count > limit / 48) {
      throw new IOException(count + " files with ids below " + shard.nextId);
    }
    Kind[] kinds = Kind.values();
    for (int i = 0; i < count; i++) {
      String path = in.readUTF();
      int id = in.readInt();
      int kind = in.readUnsignedByte();
      if (id < 0 || id >= shard.nextId || kind >= kinds.length || shard.live.get(id)) {
        throw new IOException("file " + path + " with id " + id + " and kind " + kind);
      }
      FileStamp stamp = new FileStamp(in.readBoolean(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
      shard.files.put(path, new Entry(id, stamp, kinds[kind]));
      shard.live.set(id);
    }
    shard.postings = TrigramTable.readFrom(in, limit);
    return shard;
  }

  synchronized int files() {
    return files.size();
  }

  /** @return about the bytes it takes on the heap: lists, their table, and the files' entries */
  synchronized long bytes() {
    long entries = 0;
    for (String path : files.keySet()) {
      entries += 96 + 2L * path.length();
    }
    return postings.bytes() + entries + live.size() / 8;
  }

  /**
   * @param trigrams what {@link TrigramQuery#of} gave for the pattern; none means every file is searched
   * @return what to do with each file, asked by path, size and modification time as the walk found them
   */
  synchronized Lookup lookup(int[] trigrams) {
    BitSet candidates = null;
    if (trigrams.length > 0) {
      PostingList[] lists = new PostingList[trigrams.length];
      for (int i = 0; i < trigrams.length; i++) {
        lists[i] = postings.find(trigrams[i]);
        if (lists[i] == null) {
          candidates = new BitSet();
          break;
        }
      }
      if (candidates == null) {
        Arrays.sort(lists, (a, b) -> Integer.compare(a.count(), b.count()));
        candidates = new BitSet(nextId);
        lists[0].addTo(candidates);
        for (int i = 1; i < lists.length && !candidates.isEmpty(); i++) {
          lists[i].retainIn(candidates);
        }
      }
    }
    return new Lookup(candidates, nextId, compactions);
  }

  /**
   * The candidates of one query. A file indexed again after the query, or renumbered by a compaction
   * since, is searched: the candidates say nothing of its new id.
   */
  final class Lookup {

    private final BitSet candidates;
    private final int ids;
    private final int epoch;

    private Lookup(BitSet candidates, int ids, int epoch) {
      this.candidates = candidates;
      this.ids = ids;
      this.epoch = epoch;
    }

    /** @param now what a stat says of the file now, as the walk found it */
    Verdict verdict(String path, FileStamp now) {
      synchronized (IndexShard.this) {
        Entry entry = files.get(path);
        if (entry == null || !entry.stamp().equals(now)) {
          return Verdict.UNKNOWN;
        }
        if (compactions != epoch || entry.id() >= ids) {
          return Verdict.SEARCH;
        }
        return switch (entry.kind()) {
          case BINARY -> Verdict.BINARY;
          case UNINDEXED, UNSETTLED -> Verdict.SEARCH;
          case TEXT -> candidates == null || candidates.get(entry.id()) ? Verdict.SEARCH : Verdict.NO_MATCH;
        };
      }
    }
  }

  private void forget(String path) {
    Entry old = files.remove(path);
    if (old != null) {
      live.clear(old.id());
    }
  }

  // Renumbers the live ids from zero, in their order, and rewrites every list without the dead ones.
  private void compact() {
    int[] renumber = new int[nextId];
    int next = 0;
    for (int id = live.nextSetBit(0); id >= 0; id = live.nextSetBit(id + 1)) {
      renumber[id] = next++;
    }
    postings = postings.filtered(live, renumber);
    files.replaceAll((path, entry) -> new Entry(renumber[entry.id()], entry.stamp(), entry.kind()));
    live.clear();
    live.set(0, next);
    nextId = next;
    compactions++;
  }
}
