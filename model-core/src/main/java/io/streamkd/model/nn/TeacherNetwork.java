package io.streamkd.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The teacher: a DCN-v2 cross stack in parallel with an MLP over the same input (shared and privileged
 * fields), their outputs concatenated into the "last hidden layer" H and a linear head to one logit (the
 * parallel DCN-v2 structure). H is what a hint loss matches.
 */
public final class TeacherNetwork {
  private final int in;
  private final List<CrossLayer> cross = new ArrayList<>();
  private final Mlp mlp;
  private final Dense head;
  private final int hiddenSize;
  private final Cin cin;
  private final int[] catOffsets;
  private final int dim;
  private float[] x0buf = new float[0];
  private float[] cinOut = new float[0];
  private float[] gCinOut = new float[0];
  private float[] gx0buf = new float[0];

  private float[][] crossOut = new float[0][];
  private float[][] crossU = new float[0][];
  private float[] hidden = new float[0];
  private float[] logits = new float[0];
  private float[] gHidden = new float[0];
  private float[] gCross = new float[0];
  private float[] gCrossNext = new float[0];
  private float[] gU = new float[0];
  private float[] gMlp = new float[0];
  private float[] gMlpIn = new float[0];
  private float[] x0;

  public TeacherNetwork(int in, int crossLayers, int[] mlpHidden) {
    this(in, crossLayers, mlpHidden, new int[0], new int[0], 0);
  }

  /**
   * @param cinMaps feature maps per CIN layer (empty: no CIN branch)
   * @param catOffsets where each categorical field's embedding starts in the input (the CIN's X⁰ rows)
   * @param dim embedding dimension
   */
  public TeacherNetwork(int in, int crossLayers, int[] mlpHidden, int[] cinMaps, int[] catOffsets, int dim) {
    this.in = in;
    this.cin = cinMaps.length > 0 ? new Cin("teacher.cin", ParamGroup.TEACHER, catOffsets.length, dim, cinMaps)
        : null;
    this.catOffsets = catOffsets.clone();
    this.dim = dim;
    for (int i = 0; i < crossLayers; i++) {
      cross.add(new CrossLayer("teacher.cross." + i, ParamGroup.TEACHER, in));
    }
    this.mlp = new Mlp("teacher.mlp", ParamGroup.TEACHER, in, mlpHidden);
    int crossWidth = crossLayers > 0 ? in : 0;
    int mlpWidth = mlpHidden.length > 0 ? mlp.out() : 0;
    int cinWidth = cin == null ? 0 : cin.outSize();
    if (crossWidth + mlpWidth + cinWidth == 0) {
      // No branch: the head reads the input directly (a wide model).
      mlpWidth = in;
    }
    this.hiddenSize = crossWidth + mlpWidth + cinWidth;
    this.head = new Dense("teacher.head", ParamGroup.TEACHER, hiddenSize, 1, false);
  }

  public void initialize(SplittableRandom rng) {
    cross.forEach(c -> c.initialize(rng));
    mlp.initialize(rng);
    if (cin != null) {
      cin.initialize(rng);
    }
    head.initialize(rng);
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  private int crossWidth() {
    return cross.isEmpty() ? 0 : in;
  }

  private int cinWidth() {
    return cin == null ? 0 : cin.outSize();
  }

  private void ensure(int batch) {
    if (logits.length >= batch && crossOut.length == cross.size()) {
      return;
    }
    crossOut = new float[cross.size()][batch * in];
    crossU = new float[cross.size()][batch * in];
    hidden = new float[batch * hiddenSize];
    logits = new float[batch];
    gHidden = new float[batch * hiddenSize];
    gCross = new float[batch * in];
    gCrossNext = new float[batch * in];
    gU = new float[batch * in];
    gMlp = new float[batch * hiddenSize];
    gMlpIn = new float[batch * in];
    if (cin != null) {
      int m = catOffsets.length;
      x0buf = new float[batch * m * dim];
      gx0buf = new float[batch * m * dim];
      cinOut = new float[batch * cin.outSize()];
      gCinOut = new float[batch * cin.outSize()];
    }
  }

  /** Forward pass; returns logits (a view valid until the next call). {@link #hidden()} is H. */
  public float[] forward(float[] x, int batch) {
    ensure(batch);
    x0 = x;
    float[] cur = x;
    for (int l = 0; l < cross.size(); l++) {
      cross.get(l).forward(x, cur, batch, crossU[l], crossOut[l]);
      cur = crossOut[l];
    }
    float[] m = mlp.forward(x, batch);
    int cw = crossWidth();
    int kw = cinWidth();
    int mw = hiddenSize - cw - kw;
    if (cin != null) {
      int nf = catOffsets.length;
      for (int b = 0; b < batch; b++) {
        for (int j = 0; j < nf; j++) {
          System.arraycopy(x, b * in + catOffsets[j], x0buf, (b * nf + j) * dim, dim);
        }
      }
      cin.forward(x0buf, batch, cinOut);
    }
    for (int b = 0; b < batch; b++) {
      if (cw > 0) {
        System.arraycopy(cur, b * in, hidden, b * hiddenSize, cw);
      }
      System.arraycopy(m, b * mw, hidden, b * hiddenSize + cw, mw);
      if (kw > 0) {
        System.arraycopy(cinOut, b * kw, hidden, b * hiddenSize + cw + mw, kw);
      }
    }
    head.forward(hidden, batch, logits);
    return logits;
  }

  public float[] hidden() {
    return hidden;
  }

  /**
   * Accumulates parameter gradients.
   *
   * @param gLogit dL/dlogit per example
   * @param gHiddenExtra extra dL/dH from a hint loss when it reaches the teacher (blocking off); or null
   * @param gx dL/dx, overwritten; null to skip
   */
  public void backward(float[] gLogit, float[] gHiddenExtra, int batch, float[] gx) {
    float[] gl = Arrays.copyOf(gLogit, batch);
    head.backward(hidden, logits, gl, batch, gHidden);
    if (gHiddenExtra != null) {
      for (int i = 0; i < batch * hiddenSize; i++) {
        gHidden[i] += gHiddenExtra[i];
      }
    }
    int cw = crossWidth();
    int kw = cinWidth();
    int mw = hiddenSize - cw - kw;
    for (int b = 0; b < batch; b++) {
      if (cw > 0) {
        System.arraycopy(gHidden, b * hiddenSize, gCross, b * in, cw);
      }
      System.arraycopy(gHidden, b * hiddenSize + cw, gMlp, b * mw, mw);
      if (kw > 0) {
        System.arraycopy(gHidden, b * hiddenSize + cw + mw, gCinOut, b * kw, kw);
      }
    }
    boolean wantX = gx != null;
    if (mw > 0) {
      mlp.backward(gMlp, batch, wantX ? gMlpIn : null);
      if (wantX) {
        System.arraycopy(gMlpIn, 0, gx, 0, batch * in);
      }
    } else if (wantX) {
      Arrays.fill(gx, 0, batch * in, 0f);
    }
    if (!cross.isEmpty()) {
      float[] g = gCross;
      float[] next = gCrossNext;
      float[] gx0 = wantX ? gx : new float[batch * in];
      for (int l = cross.size() - 1; l >= 0; l--) {
        float[] xl = l == 0 ? x0 : crossOut[l - 1];
        cross.get(l).backward(x0, xl, crossU[l], g, batch, gU, gx0, next);
        float[] t = g;
        g = next;
        next = t;
      }
      // g now holds dL/dx_0 through the x_l chain; add it to the direct x_0 terms.
      if (wantX) {
        for (int i = 0; i < batch * in; i++) {
          gx[i] += g[i];
        }
      }
    }
    if (cin != null) {
      java.util.Arrays.fill(gx0buf, 0, batch * catOffsets.length * dim, 0f);
      cin.backward(gCinOut, batch, gx0buf);
      if (wantX) {
        int nf = catOffsets.length;
        for (int b = 0; b < batch; b++) {
          for (int j = 0; j < nf; j++) {
            int from = (b * nf + j) * dim;
            int to = b * in + catOffsets[j];
            for (int d = 0; d < dim; d++) {
              gx[to + d] += gx0buf[from + d];
            }
          }
        }
      }
    }
  }

  public List<ParamBlock> params() {
    List<ParamBlock> out = new ArrayList<>();
    for (CrossLayer c : cross) {
      out.add(c.weight());
      out.add(c.bias());
    }
    out.addAll(mlp.params());
    if (cin != null) {
      out.addAll(cin.params());
    }
    out.add(head.weight());
    out.add(head.bias());
    return out;
  }

  /** Multiply-adds per example in the forward pass. */
  public long forwardMacs() {
    long macs = (long) cross.size() * in * in;
    for (Dense d : mlp.layers()) {
      macs += (long) d.in() * d.out();
    }
    if (cin != null) {
      macs += cin.forwardMacs();
    }
    return macs + hiddenSize;
  }

  @Override
  public String toString() {
    return "teacher(in=" + in + ", cross=" + cross.size() + ", " + mlp
        + (cin == null ? "" : ", cin" + java.util.Arrays.toString(cin.params().stream().mapToInt(ParamBlock::size).toArray()))
        + ", H=" + hiddenSize + ")";
  }
}
