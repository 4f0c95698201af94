package io.streamkd.model.nn;

import java.util.SplittableRandom;

/**
 * One DCN-v2 cross layer (Wang et al., "DCN V2", WWW 2021): x_{l+1} = x_0 ⊙ (x_l·W + b) + x_l, with a full
 * [D × D] matrix W. Each layer raises the degree of the explicit feature crosses by one.
 *
 * <p>{@link #backward} accumulates the gradient w.r.t. x_0 into {@code gx0} (every layer of a stack adds to
 * it) and overwrites {@code gxl}.
 */
public final class CrossLayer {
  private final int dim;
  private final ParamBlock weight;
  private final ParamBlock bias;

  public CrossLayer(String name, ParamGroup group, int dim) {
    this.dim = dim;
    this.weight = new ParamBlock(name + ".W", group, dim * dim);
    this.bias = new ParamBlock(name + ".b", group, dim);
  }

  public void initialize(SplittableRandom rng) {
    double scale = Math.sqrt(6.0 / (2.0 * dim));
    float[] w = weight.value();
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
    }
  }

  /**
   * @param u scratch of size batch·D that keeps x_l·W + b for the backward pass
   */
  public void forward(float[] x0, float[] xl, int batch, float[] u, float[] out) {
    Kernels.affine(xl, batch, dim, weight.value(), bias.value(), dim, u);
    int n = batch * dim;
    for (int i = 0; i < n; i++) {
      out[i] = x0[i] * u[i] + xl[i];
    }
  }

  /**
   * @param g gradient w.r.t. this layer's output
   * @param gu scratch of size batch·D
   */
  public void backward(
      float[] x0, float[] xl, float[] u, float[] g, int batch, float[] gu, float[] gx0, float[] gxl) {
    int n = batch * dim;
    for (int i = 0; i < n; i++) {
      gu[i] = g[i] * x0[i];
      gx0[i] += g[i] * u[i];
    }
    Kernels.accumulateAffineGrads(xl, batch, dim, gu, dim, weight.grad(), bias.grad());
    Kernels.affineInputGrad(gu, batch, dim, weight.value(), dim, gxl);
    for (int i = 0; i < n; i++) {
      gxl[i] += g[i];
    }
  }

  public int dim() {
    return dim;
  }

  public ParamBlock weight() {
    return weight;
  }

  public ParamBlock bias() {
    return bias;
  }
}
