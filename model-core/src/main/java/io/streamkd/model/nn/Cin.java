package io.streamkd.model.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * xDeepFM's Compressed Interaction Network (Lian et al., KDD 2018): explicit, vector-wise feature
 * interactions of bounded degree over the m field embeddings X⁰ ∈ ℝ^{m×D}. Layer k has H_k feature maps,
 *
 * <pre>
 *   X^k[h,d] = Σ_{i<H_{k-1}} Σ_{j<m} W^k[h,i,j] · X^{k-1}[i,d] · X⁰[j,d],     p^k[h] = Σ_d X^k[h,d]
 * </pre>
 *
 * and the output is the concatenation of the sum-pooled p^1..p^K. {@link #backward} accumulates parameter
 * gradients and <em>adds</em> the gradient w.r.t. X⁰ into the caller's buffer.
 */
public final class Cin {
  private final int fields;
  private final int dim;
  private final int[] maps;
  private final List<ParamBlock> weights = new ArrayList<>();
  private final int outSize;
  // per-batch activations: x[k] is X^k for every example, [batch][H_k][D]; x[0] is X⁰
  private float[][] x = new float[0][];
  private int batchCapacity;

  public Cin(String name, ParamGroup group, int fields, int dim, int[] maps) {
    if (fields <= 0 || dim <= 0) {
      throw new IllegalArgumentException("CIN needs categorical fields; got " + fields + " of dim " + dim);
    }
    this.fields = fields;
    this.dim = dim;
    this.maps = maps.clone();
    int prev = fields;
    int out = 0;
    for (int k = 0; k < maps.length; k++) {
      weights.add(new ParamBlock(name + "." + k + ".W", group, maps[k] * prev * fields));
      prev = maps[k];
      out += maps[k];
    }
    this.outSize = out;
  }

  public void initialize(SplittableRandom rng) {
    int prev = fields;
    for (int k = 0; k < maps.length; k++) {
      double scale = Math.sqrt(6.0 / (prev * fields + maps[k]));
      float[] w = weights.get(k).value();
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
      }
      prev = maps[k];
    }
  }

  public int outSize() {
    return outSize;
  }

  public List<ParamBlock> params() {
    return weights;
  }

  private int width(int k) {
    return k == 0 ? fields : maps[k - 1];
  }

  /**
   * @param x0 X⁰ for the batch, [batch][m][D] flattened
   * @param out pooled outputs, [batch][outSize] flattened, overwritten
   */
  public void forward(float[] x0, int batch, float[] out) {
    if (batch > batchCapacity || x.length != maps.length + 1) {
      batchCapacity = batch;
      x = new float[maps.length + 1][];
      for (int k = 1; k <= maps.length; k++) {
        x[k] = new float[batch * maps[k - 1] * dim];
      }
    }
    x[0] = x0;
    java.util.Arrays.fill(out, 0, batch * outSize, 0f);
    int outOffset = 0;
    for (int k = 1; k <= maps.length; k++) {
      int hPrev = width(k - 1);
      int h = maps[k - 1];
      float[] w = weights.get(k - 1).value();
      float[] prev = x[k - 1];
      float[] cur = x[k];
      for (int b = 0; b < batch; b++) {
        int po = b * hPrev * dim;
        int zo = b * fields * dim;
        int co = b * h * dim;
        java.util.Arrays.fill(cur, co, co + h * dim, 0f);
        for (int i = 0; i < hPrev; i++) {
          for (int j = 0; j < fields; j++) {
            for (int hh = 0; hh < h; hh++) {
              float wv = w[(hh * hPrev + i) * fields + j];
              if (wv == 0f) {
                continue;
              }
              int c = co + hh * dim;
              for (int d = 0; d < dim; d++) {
                cur[c + d] += wv * prev[po + i * dim + d] * x0[zo + j * dim + d];
              }
            }
          }
        }
        for (int hh = 0; hh < h; hh++) {
          float s = 0f;
          for (int d = 0; d < dim; d++) {
            s += cur[co + hh * dim + d];
          }
          out[b * outSize + outOffset + hh] = s;
        }
      }
      outOffset += h;
    }
  }

  /**
   * @param gOut gradient w.r.t. the pooled outputs, [batch][outSize]
   * @param gx0 gradient w.r.t. X⁰, [batch][m][D]; added to
   */
  public void backward(float[] gOut, int batch, float[] gx0) {
    float[] x0 = x[0];
    float[] gCur = null;
    int outOffset = outSize;
    for (int k = maps.length; k >= 1; k--) {
      int hPrev = width(k - 1);
      int h = maps[k - 1];
      outOffset -= h;
      float[] w = weights.get(k - 1).value();
      float[] gw = weights.get(k - 1).grad();
      float[] prev = x[k - 1];
      // dL/dX^k = pooled gradient broadcast over d, plus what layer k+1 sent back (gCur)
      float[] g = new float[batch * h * dim];
      for (int b = 0; b < batch; b++) {
        for (int hh = 0; hh < h; hh++) {
          float gp = gOut[b * outSize + outOffset + hh];
          for (int d = 0; d < dim; d++) {
            g[(b * h + hh) * dim + d] = gp + (gCur == null ? 0f : gCur[(b * h + hh) * dim + d]);
          }
        }
      }
      float[] gPrev = k > 1 ? new float[batch * hPrev * dim] : null;
      for (int b = 0; b < batch; b++) {
        int po = b * hPrev * dim;
        int zo = b * fields * dim;
        int go = b * h * dim;
        for (int i = 0; i < hPrev; i++) {
          for (int j = 0; j < fields; j++) {
            for (int hh = 0; hh < h; hh++) {
              int wi = (hh * hPrev + i) * fields + j;
              float wv = w[wi];
              float acc = 0f;
              for (int d = 0; d < dim; d++) {
                float gd = g[go + hh * dim + d];
                float pv = prev[po + i * dim + d];
                float zv = x0[zo + j * dim + d];
                acc += gd * pv * zv;
                float gz = wv * gd;
                if (gPrev != null) {
                  gPrev[po + i * dim + d] += gz * zv;
                } else {
                  gx0[zo + i * dim + d] += gz * zv; // layer 1: X^{k-1} is X⁰ itself
                }
                gx0[zo + j * dim + d] += gz * pv;
              }
              gw[wi] += acc;
            }
          }
        }
      }
      gCur = gPrev;
    }
  }

  public long forwardMacs() {
    long m = 0;
    int prev = fields;
    for (int h : maps) {
      m += (long) h * prev * fields * dim;
      prev = h;
    }
    return m;
  }
}
