package io.streamkd.model.feature;

/**
 * Maps a categorical (field, value) to the 64-bit key of its embedding row.
 *
 * <p>The top 8 bits hold the field's index in the {@link FeatureSpec}, so rows of one field can be found
 * (the student export keeps only shared fields) and two fields never share a row. The low 56 bits are
 * either the {@link StableHash} itself (collision-free mode: a row per distinct value, 2^-56 collision odds)
 * or the hash modulo a fixed bucket count (hashing-trick mode: a bounded table per field).
 */
public final class RowKeys {
  public static final int MAX_FIELDS = 256;
  private static final long LOW_MASK = (1L << 56) - 1;

  private RowKeys() {}

  /**
   * @param buckets 0 for collision-free rows, else the fixed number of rows of every field's table
   */
  public static long key(int fieldIndex, String field, String value, long buckets) {
    long h = StableHash.of(field, value);
    long low = buckets > 0 ? Long.remainderUnsigned(h, buckets) : (h & LOW_MASK);
    return ((long) fieldIndex << 56) | low;
  }

  public static int fieldIndex(long key) {
    return (int) (key >>> 56);
  }
}
