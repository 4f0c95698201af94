package io.streamkd.model.loss;

import io.streamkd.model.nn.Kernels;

/** Binary cross-entropy on a logit: softplus(z) − y·z, which is −log σ(z) for y=1 and −log(1−σ(z)) for y=0. */
public final class LabelLoss {
  private LabelLoss() {}

  public static double value(float logit, float label) {
    return Kernels.softplus(logit) - label * (double) logit;
  }

  /** dL/dz = σ(z) − y. */
  public static float gradient(float logit, float label) {
    return Kernels.sigmoid(logit) - label;
  }
}
