package io.streamkd.model.optim;

/**
 * Updates only the embedding rows a batch touched. A row is {@code float[dim * (1 + slots)]}: the embedding
 * followed by the optimizer's per-coordinate state (Adagrad's accumulator), so a row is one value in keyed
 * state and its optimizer state moves with it. L2 applies to the touched rows only (lazy regularisation,
 * as in every sparse trainer).
 */
public final class SparseEmbeddingOptimizer {
  private final OptimizerConfig cfg;
  private final int dim;

  public SparseEmbeddingOptimizer(OptimizerConfig cfg, int dim) {
    if (cfg.kind() == OptimizerKind.ADAM) {
      throw new IllegalArgumentException(
          "embedding optimizer 'adam' is not supported (dense moments on sparse rows). Supported: [sgd, adagrad]");
    }
    this.cfg = cfg;
    this.dim = dim;
  }

  public int rowWidth() {
    return dim * (1 + cfg.kind().slots());
  }

  /** Initial optimizer state for a new row (the embedding part is filled by the caller). */
  public void initSlots(float[] row) {
    if (cfg.kind() == OptimizerKind.ADAGRAD) {
      java.util.Arrays.fill(row, dim, 2 * dim, OptimizerConfig.ADAGRAD_INITIAL_ACCUMULATOR);
    }
  }

  /** Applies the gradient {@code grad[gradOffset .. +dim)} to {@code row}. */
  public void step(float[] row, float[] grad, int gradOffset) {
    float lr = cfg.learningRate();
    float l2 = cfg.l2();
    if (cfg.kind() == OptimizerKind.SGD) {
      for (int j = 0; j < dim; j++) {
        row[j] -= lr * (grad[gradOffset + j] + l2 * row[j]);
      }
      return;
    }
    for (int j = 0; j < dim; j++) {
      float g = grad[gradOffset + j] + l2 * row[j];
      float acc = row[dim + j] + g * g;
      row[dim + j] = acc;
      row[j] -= lr * g / ((float) Math.sqrt(acc) + OptimizerConfig.EPSILON);
    }
  }
}
