package io.streamkd.model.train;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** Rows in a {@link HashMap}: for {@code eval}, tests and benchmarks. Not fault tolerant. */
public final class InMemoryEmbeddingStore implements EmbeddingStore {
  private final Map<Long, float[]> rows = new HashMap<>();

  @Override
  public float[] get(long key) {
    return rows.get(key);
  }

  @Override
  public void put(long key, float[] row) {
    rows.put(key, row);
  }

  @Override
  public void forEach(BiConsumer<Long, float[]> visitor) {
    rows.forEach(visitor);
  }

  @Override
  public long size() {
    return rows.size();
  }
}
