package io.streamkd.model.nn;

/**
 * The dense kernels every layer uses. Row-major throughout. Loops are written so that the innermost loop
 * is a contiguous axpy, which C2 vectorises (a float dot product is not vectorised because Java fixes the
 * order of additions). For every output element the additions happen in the same order whatever the batch
 * size, so scoring one example gives bit-for-bit the same result as scoring it inside a batch: the exported
 * {@code StudentModel} relies on this.
 */
public final class Kernels {
  private Kernels() {}

  /** y[b,:] = bias + x[b,:] · W, with W of shape [in × out]. */
  public static void affine(float[] x, int batch, int in, float[] w, float[] bias, int out, float[] y) {
    for (int b = 0; b < batch; b++) {
      int yo = b * out;
      System.arraycopy(bias, 0, y, yo, out);
      int xo = b * in;
      for (int i = 0; i < in; i++) {
        float xi = x[xo + i];
        if (xi == 0f) {
          continue;
        }
        int wo = i * out;
        for (int o = 0; o < out; o++) {
          y[yo + o] += xi * w[wo + o];
        }
      }
    }
  }

  /** gW += xᵀ·g and gBias += Σ_b g[b,:]. */
  public static void accumulateAffineGrads(
      float[] x, int batch, int in, float[] g, int out, float[] gw, float[] gbias) {
    for (int b = 0; b < batch; b++) {
      int go = b * out;
      for (int o = 0; o < out; o++) {
        gbias[o] += g[go + o];
      }
      int xo = b * in;
      for (int i = 0; i < in; i++) {
        float xi = x[xo + i];
        if (xi == 0f) {
          continue;
        }
        int wo = i * out;
        for (int o = 0; o < out; o++) {
          gw[wo + o] += xi * g[go + o];
        }
      }
    }
  }

  /** gx[b,:] = g[b,:] · Wᵀ (overwrites gx). */
  public static void affineInputGrad(float[] g, int batch, int out, float[] w, int in, float[] gx) {
    for (int b = 0; b < batch; b++) {
      int go = b * out;
      int xo = b * in;
      for (int i = 0; i < in; i++) {
        int wo = i * out;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int o = 0;
        for (; o + 3 < out; o += 4) {
          s0 += g[go + o] * w[wo + o];
          s1 += g[go + o + 1] * w[wo + o + 1];
          s2 += g[go + o + 2] * w[wo + o + 2];
          s3 += g[go + o + 3] * w[wo + o + 3];
        }
        for (; o < out; o++) {
          s0 += g[go + o] * w[wo + o];
        }
        gx[xo + i] = (s0 + s1) + (s2 + s3);
      }
    }
  }

  public static float sigmoid(float z) {
    if (z >= 0) {
      return (float) (1.0 / (1.0 + Math.exp(-z)));
    }
    double e = Math.exp(z);
    return (float) (e / (1.0 + e));
  }

  /** log(1 + e^z) without overflow. */
  public static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
}
