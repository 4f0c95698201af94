package io.streamkd.model.train;

import io.streamkd.model.feature.StableHash;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Approximate counts of embedding keys in fixed memory (Cormode and Muthukrishnan 2005), so that a value
 * gets an embedding row only once seen {@code min-count} times without a counter per value ever seen.
 * Counts can only be over-estimated: a rare value may be admitted a little early, never late.
 */
public final class CountMinSketch {
  static final int DEPTH = 4;
  static final int WIDTH = 1 << 16;
  private final int[] counts = new int[DEPTH * WIDTH];

  private static int index(long key, int row) {
    long h = StableHash.mix(key + 0x9E3779B97F4A7C15L * (row + 1));
    return row * WIDTH + (int) (h & (WIDTH - 1));
  }

  public int estimate(long key) {
    int min = Integer.MAX_VALUE;
    for (int r = 0; r < DEPTH; r++) {
      min = Math.min(min, counts[index(key, r)]);
    }
    return min;
  }

  public void add(long key) {
    for (int r = 0; r < DEPTH; r++) {
      int i = index(key, r);
      if (counts[i] != Integer.MAX_VALUE) {
        counts[i]++;
      }
    }
  }

  void write(DataOutput out) throws IOException {
    for (int c : counts) {
      out.writeInt(c);
    }
  }

  static CountMinSketch read(DataInput in) throws IOException {
    CountMinSketch s = new CountMinSketch();
    for (int i = 0; i < s.counts.length; i++) {
      s.counts[i] = in.readInt();
    }
    return s;
  }
}
