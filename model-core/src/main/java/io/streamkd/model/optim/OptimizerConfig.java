package io.streamkd.model.optim;

/**
 * One parameter group's update rule.
 *
 * @param kind SGD, Adagrad or Adam
 * @param learningRate step size, > 0
 * @param l2 L2 penalty added to the gradient (λ·w), >= 0
 */
public record OptimizerConfig(OptimizerKind kind, float learningRate, float l2) {
  public static final float ADAGRAD_INITIAL_ACCUMULATOR = 0.1f;
  public static final float ADAM_BETA1 = 0.9f;
  public static final float ADAM_BETA2 = 0.999f;
  public static final float EPSILON = 1e-8f;

  public OptimizerConfig {
    if (kind == null) {
      throw new IllegalArgumentException("optimizer kind must be set");
    }
    if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be > 0 but was " + learningRate);
    }
    if (!(l2 >= 0) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be >= 0 but was " + l2);
    }
  }

  @Override
  public String toString() {
    return kind.flagValue() + "(lr=" + learningRate + ", l2=" + l2 + ")";
  }
}
