package io.streamkd.model.util;

import java.util.Arrays;

/** An open-addressing long → int map with linear probing; no boxing on the hot paths. Not thread-safe. */
public final class LongIntMap {
  private static final int EMPTY = -1;
  private long[] keys;
  private int[] values;
  private int size;
  private int mask;

  public LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, EMPTY);
    mask = cap - 1;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  /** The value, or -1 when absent (values must be >= 0). */
  public int get(long key) {
    int i = slot(key, mask);
    while (values[i] != EMPTY) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    return EMPTY;
  }

  public void put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("values must be >= 0");
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = slot(key, mask);
    while (values[i] != EMPTY) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  public int size() {
    return size;
  }

  public void clear() {
    Arrays.fill(values, EMPTY);
    size = 0;
  }

  private void grow() {
    long[] oldK = keys;
    int[] oldV = values;
    keys = new long[oldK.length * 2];
    values = new int[oldV.length * 2];
    Arrays.fill(values, EMPTY);
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldK.length; i++) {
      if (oldV[i] != EMPTY) {
        put(oldK[i], oldV[i]);
      }
    }
  }
}
