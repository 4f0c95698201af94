package io.streamkd.model.train;

import java.util.function.BiConsumer;

/**
 * Where the shared embedding rows live, one row at a time. The trainer reads the rows a batch needs with
 * {@link #get}, computes, and writes each changed row back with {@link #put}; it never keeps references to
 * rows between batches, so an implementation may serialise on every call (Flink {@code MapState} on
 * RocksDB) or keep the arrays (in memory).
 *
 * <p>A row is the embedding followed by its optimizer state; its key comes from {@link
 * io.streamkd.model.feature.RowKeys}.
 */
public interface EmbeddingStore {
  /** The row, or null when the key has none yet. The caller may modify it only to {@link #put} it back. */
  float[] get(long key);

  void put(long key, float[] row);

  /** Visits every row (used to export the student). */
  void forEach(BiConsumer<Long, float[]> visitor);

  /** Number of rows, when known cheaply; -1 otherwise. */
  long size();
}
