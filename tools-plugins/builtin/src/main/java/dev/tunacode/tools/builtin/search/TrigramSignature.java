package dev.tunacode.tools.builtin.search;

/**
 * A file's folded trigrams ({@link Trigrams}) as a Bloom filter of its own: a bitmap of two bits a byte of
 * the file (rounded up to a power of two, at least 512), in which each trigram sets two bits of one 64-bit
 * word. A trigram the file holds always finds its bits set, so a file is never passed over wrongly; one it
 * does not hold finds them set only by chance, and the file is then read for nothing.
 * <p>
 * Why not posting lists, the usual trigram index: on the JDK's sources (15,224 files, 213 MB), building
 * lists of file ids by trigram took 840-970 ms on two threads, about 500 of them appending 37 million ids to
 * half a million lists, a cache miss or more each; signatures take 130-250 ms beyond reading the files, each
 * file's bitmap small enough to stay in the core's cache while it is made. For 20 literals a grep left 348
 * files to read on average against the lists' 315, and the memory was 0.36x the tree's bytes against 0.24x
 * (docs/performance.md). A query costs a probe a file, where lists cost a few list merges; a grep looks up
 * every file it walks by path and stamp anyway.
 */
final class TrigramSignature {

  private static final int MIN_BITS = 512;
  private static final int BITS_PER_BYTE = 2;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int[] FOLDED = new int[256];

  static {
    for (int b = 0; b < 256; b++) {
      FOLDED[b] = Trigrams.fold(b);
    }
  }

  private TrigramSignature() {
  }

  /** @return the signature of the first {@code length} bytes of {@code bytes} */
  static long[] of(byte[] bytes, int length) {
    long bits = Math.max(MIN_BITS, Long.highestOneBit(Math.max(1, (long) length * BITS_PER_BYTE - 1)) << 1);
    long[] words = new long[(int) Math.min(bits >>> 6, 1 << 30)];
    if (length < 3) {
      return words;
    }
    int shift = shift(words.length);
    int key = FOLDED[bytes[0] & 0xFF] << 8 | FOLDED[bytes[1] & 0xFF];
    for (int i = 2; i < length; i++) {
      key = (key << 8 | FOLDED[bytes[i] & 0xFF]) & (Trigrams.KEYS - 1);
      long hash = key * GOLDEN;
      words[(int) (hash >>> shift)] |= mask(hash);
    }
    return words;
  }

  /** @return the trigrams' hashes, worked out once for a query and probed in every file's signature */
  static long[] hashes(int[] trigrams) {
    long[] hashes = new long[trigrams.length];
    for (int i = 0; i < trigrams.length; i++) {
      hashes[i] = trigrams[i] * GOLDEN;
    }
    return hashes;
  }

  /** @return false when the file surely lacks one of the trigrams; true when it may hold them all */
  static boolean mayHold(long[] signature, long[] hashes) {
    int shift = shift(signature.length);
    for (long hash : hashes) {
      long mask = mask(hash);
      if ((signature[(int) (hash >>> shift)] & mask) != mask) {
        return false;
      }
    }
    return true;
  }

  /** @return true when {@code words} is a length {@link #of} can give: a power of two, at least its minimum */
  static boolean validLength(int words) {
    return words >= MIN_BITS >>> 6 && Integer.bitCount(words) == 1;
  }

  // The word is chosen by the hash's top bits, the two bits in it by bits from its middle.
  private static int shift(int words) {
    return 64 - Integer.numberOfTrailingZeros(words);
  }

  private static long mask(long hash) {
    return 1L << (hash >>> 20) | 1L << (hash >>> 26);
  }
}
