package io.streamkd.model.nn;

import java.util.SplittableRandom;

/**
 * A fully connected layer y = act(x·W + b) with W of shape [in × out] and an optional ReLU.
 *
 * <p>Lifecycle: {@link #forward} fills the caller's output buffer; {@link #backward} takes the gradient
 * with respect to the output (it is modified in place by the ReLU mask), <em>accumulates</em> into the
 * parameter gradients and <em>overwrites</em> the input gradient buffer when one is given.
 */
public final class Dense {
  private final int in;
  private final int out;
  private final boolean relu;
  private final ParamBlock weight;
  private final ParamBlock bias;

  public Dense(String name, ParamGroup group, int in, int out, boolean relu) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException(name + ": sizes must be > 0 but were " + in + "x" + out);
    }
    this.in = in;
    this.out = out;
    this.relu = relu;
    this.weight = new ParamBlock(name + ".W", group, in * out);
    this.bias = new ParamBlock(name + ".b", group, out);
  }

  /** Glorot-uniform weights (He scaling under a ReLU), zero bias. */
  public void initialize(SplittableRandom rng) {
    double scale = relu ? Math.sqrt(6.0 / in) : Math.sqrt(6.0 / (in + out));
    float[] w = weight.value();
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
    }
  }

  public void forward(float[] x, int batch, float[] y) {
    Kernels.affine(x, batch, in, weight.value(), bias.value(), out, y);
    if (relu) {
      int n = batch * out;
      for (int i = 0; i < n; i++) {
        if (y[i] < 0f) {
          y[i] = 0f;
        }
      }
    }
  }

  /**
   * @param x the forward input
   * @param y the forward output (for the ReLU mask)
   * @param gy gradient w.r.t. y; masked in place
   * @param gx gradient w.r.t. x, overwritten; null to skip
   */
  public void backward(float[] x, float[] y, float[] gy, int batch, float[] gx) {
    if (relu) {
      int n = batch * out;
      for (int i = 0; i < n; i++) {
        if (y[i] <= 0f) {
          gy[i] = 0f;
        }
      }
    }
    Kernels.accumulateAffineGrads(x, batch, in, gy, out, weight.grad(), bias.grad());
    if (gx != null) {
      Kernels.affineInputGrad(gy, batch, out, weight.value(), in, gx);
    }
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  public boolean relu() {
    return relu;
  }

  public ParamBlock weight() {
    return weight;
  }

  public ParamBlock bias() {
    return bias;
  }
}
