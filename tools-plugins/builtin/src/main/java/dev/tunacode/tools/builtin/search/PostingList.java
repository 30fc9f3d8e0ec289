package dev.tunacode.tools.builtin.search;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The files that hold one trigram, as ascending file ids written as variable-length gaps: files are added
 * with ever larger ids, so a list only grows at its end, and the common trigrams, whose gaps are small,
 * take a byte a file.
 */
final class PostingList {

  private byte[] data = new byte[4];
  private int length;
  private int last = -1;
  private int count;

  /** @param id larger than every id added before */
  void add(int id) {
    if (id <= last) {
      throw new IllegalArgumentException("ids must ascend: " + id + " after " + last);
    }
    int gap = id - last;
    last = id;
    count++;
    if (length + 5 > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, length + 5));
    }
    while (gap >= 0x80) {
      data[length++] = (byte) (gap | 0x80);
      gap >>>= 7;
    }
    data[length++] = (byte) gap;
  }

  int count() {
    return count;
  }

  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(count);
    out.writeInt(last);
    out.writeInt(length);
    out.write(data, 0, length);
  }

  /**
   * @param limit the bytes left in the file: a damaged length is refused before anything is allocated for it
   * @throws IOException when what is read cannot be a list: the file is damaged
   */
  static PostingList readFrom(DataInputStream in, long limit) throws IOException {
    PostingList list = new PostingList();
    list.count = in.readInt();
    list.last = in.readInt();
    list.length = in.readInt();
    if (list.count <= 0 || list.last < 0 || list.length < list.count || list.length > 5L * list.count || list.length > limit) {
      throw new IOException("a posting list of " + list.count + " ids in " + list.length + " bytes");
    }
    list.data = new byte[list.length];
    in.readFully(list.data);
    return list;
  }

  /** @return about the bytes it takes on the heap */
  long bytes() {
    return 48L + data.length;
  }

  /** Keeps in {@code into} only the ids this list holds. */
  void retainIn(BitSet into) {
    BitSet mine = new BitSet(last + 1);
    addTo(mine);
    into.and(mine);
  }

  /** Sets the bit of every id it holds. */
  void addTo(BitSet into) {
    int id = -1;
    int gap = 0;
    int shift = 0;
    for (int i = 0; i < length; i++) {
      byte b = data[i];
      gap |= (b & 0x7F) << shift;
      if (b < 0) {
        shift += 7;
        continue;
      }
      id += gap;
      into.set(id);
      gap = 0;
      shift = 0;
    }
  }

  /** @return a list of the ids it holds that {@code keep} holds, renumbered by {@code renumber} */
  PostingList filtered(BitSet keep, int[] renumber) {
    BitSet mine = new BitSet(last + 1);
    addTo(mine);
    mine.and(keep);
    PostingList kept = new PostingList();
    for (int id = mine.nextSetBit(0); id >= 0; id = mine.nextSetBit(id + 1)) {
      kept.add(renumber[id]);
    }
    return kept;
  }
}
