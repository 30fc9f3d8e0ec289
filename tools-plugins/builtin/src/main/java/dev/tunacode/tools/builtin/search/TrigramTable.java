package dev.tunacode.tools.builtin.search;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.BitSet;

/**
 * Posting lists by trigram, in an open-addressed table of primitive keys: a tree of source holds a few
 * hundred thousand distinct trigrams, and boxing each key would cost more than many of their lists.
 */
final class TrigramTable {

  private static final int EMPTY = -1;

  private int[] keys = newKeys(1 << 12);
  private PostingList[] lists = new PostingList[1 << 12];
  private int size;
  private int shift = 32 - 12;

  /** @return the list of a trigram, made empty if it had none */
  PostingList list(int trigram) {
    int slot = slot(trigram);
    if (keys[slot] == EMPTY) {
      if ((size + 1) * 2 > keys.length) {
        grow();
        slot = slot(trigram);
      }
      keys[slot] = trigram;
      lists[slot] = new PostingList();
      size++;
    }
    return lists[slot];
  }

  /** @return the list of a trigram, or null */
  PostingList find(int trigram) {
    int slot = slot(trigram);
    return keys[slot] == EMPTY ? null : lists[slot];
  }

  int size() {
    return size;
  }

  long bytes() {
    long bytes = 16L + 4L * keys.length + 16L + 4L * lists.length;
    for (PostingList list : lists) {
      bytes += list == null ? 0 : list.bytes();
    }
    return bytes;
  }

  /** @return a table of the same trigrams whose lists hold only the ids in {@code keep}, renumbered; empty lists go */
  TrigramTable filtered(BitSet keep, int[] renumber) {
    TrigramTable kept = new TrigramTable();
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        PostingList list = lists[i].filtered(keep, renumber);
        if (list.count() > 0) {
          kept.put(keys[i], list);
        }
      }
    }
    return kept;
  }

  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(size);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != EMPTY) {
        out.writeInt(keys[i]);
        lists[i].writeTo(out);
      }
    }
  }

  /** @param limit the bytes left in the file: no count or length read may claim more */
  static TrigramTable readFrom(DataInputStream in, long limit) throws IOException {
    int size = in.readInt();
    if (size < 0 || size > limit / 16) {
      throw new IOException("a table of " + size + " trigrams");
    }
    TrigramTable table = new TrigramTable();
    for (int i = 0; i < size; i++) {
      int trigram = in.readInt();
      if (trigram == EMPTY || table.find(trigram) != null) {
        throw new IOException("trigram " + trigram + " twice or not one");
      }
      table.put(trigram, PostingList.readFrom(in, limit));
    }
    return table;
  }

  private void put(int trigram, PostingList list) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int slot = slot(trigram);
    keys[slot] = trigram;
    lists[slot] = list;
    size++;
  }

  private int slot(int trigram) {
    int mask = keys.length - 1;
    int slot = (trigram * 0x9E3779B1) >>> shift;
    while (keys[slot] != EMPTY && keys[slot] != trigram) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    int[] oldKeys = keys;
    PostingList[] oldLists = lists;
    keys = newKeys(oldKeys.length * 2);
    shift--;
    lists = new PostingList[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = slot(oldKeys[i]);
        keys[slot] = oldKeys[i];
        lists[slot] = oldLists[i];
      }
    }
  }

  private static int[] newKeys(int length) {
    int[] keys = new int[length];
    java.util.Arrays.fill(keys, EMPTY);
    return keys;
  }
}
