package io.streamkd.model.optim;

import io.streamkd.model.nn.ParamBlock;

/**
 * Applies one update rule to dense parameter blocks.
 *
 * <p>Lifecycle: the caller allocates {@code kind.slots()} arrays of the block's size per block (zeros;
 * Adagrad's accumulator starts at {@link OptimizerConfig#ADAGRAD_INITIAL_ACCUMULATOR} via {@link
 * #initSlots}), then calls {@link #step} once per batch with the block's accumulated gradient. The rule
 * keeps no state of its own, so slots can be stored anywhere (keyed state) and restored bit-exactly.
 */
public final class DenseOptimizer {
  private DenseOptimizer() {}

  public static float[][] initSlots(OptimizerKind kind, int size) {
    float[][] slots = new float[kind.slots()][size];
    if (kind == OptimizerKind.ADAGRAD) {
      java.util.Arrays.fill(slots[0], OptimizerConfig.ADAGRAD_INITIAL_ACCUMULATOR);
    }
    return slots;
  }

  /**
   * @param t 1-based update count, for Adam's bias correction
   */
  public static void step(OptimizerConfig cfg, ParamBlock block, float[][] slots, long t) {
    float[] w = block.value();
    float[] g = block.grad();
    float lr = cfg.learningRate();
    float l2 = cfg.l2();
    switch (cfg.kind()) {
      case SGD -> {
        for (int i = 0; i < w.length; i++) {
          w[i] -= lr * (g[i] + l2 * w[i]);
        }
      }
      case ADAGRAD -> {
        float[] acc = slots[0];
        for (int i = 0; i < w.length; i++) {
          float gi = g[i] + l2 * w[i];
          acc[i] += gi * gi;
          w[i] -= lr * gi / ((float) Math.sqrt(acc[i]) + OptimizerConfig.EPSILON);
        }
      }
      case ADAM -> {
        float[] m = slots[0];
        float[] v = slots[1];
        float b1 = OptimizerConfig.ADAM_BETA1;
        float b2 = OptimizerConfig.ADAM_BETA2;
        double c1 = 1.0 - Math.pow(b1, t);
        double c2 = 1.0 - Math.pow(b2, t);
        float stepSize = (float) (lr * Math.sqrt(c2) / c1);
        for (int i = 0; i < w.length; i++) {
          float gi = g[i] + l2 * w[i];
          m[i] = b1 * m[i] + (1 - b1) * gi;
          v[i] = b2 * v[i] + (1 - b2) * gi * gi;
          w[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) + OptimizerConfig.EPSILON);
        }
      }
      default -> throw new AssertionError(cfg.kind());
    }
  }
}
