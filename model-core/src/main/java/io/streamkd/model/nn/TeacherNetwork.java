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
    this.in = in;
    for (int i = 0; i < crossLayers; i++) {
      cross.add(new CrossLayer("teacher.cross." + i, ParamGroup.TEACHER, in));
    }
    this.mlp = new Mlp("teacher.mlp", ParamGroup.TEACHER, in, mlpHidden);
    int crossWidth = crossLayers > 0 ? in : 0;
    int mlpWidth = mlpHidden.length > 0 ? mlp.out() : 0;
    if (crossWidth + mlpWidth == 0) {
      // Neither branch: the head reads the input directly (a wide model).
      mlpWidth = in;
    }
    this.hiddenSize = crossWidth + mlpWidth;
    this.head = new Dense("teacher.head", ParamGroup.TEACHER, hiddenSize, 1, false);
  }

  public void initialize(SplittableRandom rng) {
    cross.forEach(c -> c.initialize(rng));
    mlp.initialize(rng);
    head.initialize(rng);
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  private int crossWidth() {
    return cross.isEmpty() ? 0 : in;
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
    int mw = hiddenSize - cw;
    for (int b = 0; b < batch; b++) {
      if (cw > 0) {
        System.arraycopy(cur, b * in, hidden, b * hiddenSize, cw);
      }
      System.arraycopy(m, b * mw, hidden, b * hiddenSize + cw, mw);
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
    int mw = hiddenSize - cw;
    for (int b = 0; b < batch; b++) {
      if (cw > 0) {
        System.arraycopy(gHidden, b * hiddenSize, gCross, b * in, cw);
      }
      System.arraycopy(gHidden, b * hiddenSize + cw, gMlp, b * mw, mw);
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
  }

  public List<ParamBlock> params() {
    List<ParamBlock> out = new ArrayList<>();
    for (CrossLayer c : cross) {
      out.add(c.weight());
      out.add(c.bias());
    }
    out.addAll(mlp.params());
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
    return macs + hiddenSize;
  }

  @Override
  public String toString() {
    return "teacher(in=" + in + ", cross=" + cross.size() + ", " + mlp + ", H=" + hiddenSize + ")";
  }
}
