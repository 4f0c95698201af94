package io.streamkd.model.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The student: a small ReLU MLP (possibly with no hidden layer, i.e. logistic regression over the shared
 * embeddings and numeric inputs) and a linear head. Its "last hidden layer" is the head's input.
 */
public final class StudentNetwork {
  private final Mlp mlp;
  private final Dense head;
  private float[] logits = new float[0];
  private float[] gHidden = new float[0];
  private float[] hidden;

  public StudentNetwork(int in, int[] hidden) {
    this.mlp = new Mlp("student.mlp", ParamGroup.STUDENT, in, hidden);
    this.head = new Dense("student.head", ParamGroup.STUDENT, mlp.out(), 1, false);
  }

  public void initialize(SplittableRandom rng) {
    mlp.initialize(rng);
    head.initialize(rng);
  }

  public int in() {
    return mlp.in();
  }

  public int hiddenSize() {
    return mlp.out();
  }

  public float[] forward(float[] x, int batch) {
    if (logits.length < batch) {
      logits = new float[batch];
      gHidden = new float[batch * mlp.out()];
    }
    hidden = mlp.forward(x, batch);
    head.forward(hidden, batch, logits);
    return logits;
  }

  /** The head's input of the last forward pass (the input itself when there is no hidden layer). */
  public float[] hidden() {
    return hidden;
  }

  /**
   * @param gHiddenExtra dL/dH from a hint loss, or null
   * @param gx dL/dx, overwritten; null to skip
   */
  public void backward(float[] gLogit, float[] gHiddenExtra, int batch, float[] gx) {
    float[] gl = java.util.Arrays.copyOf(gLogit, batch);
    head.backward(hidden, logits, gl, batch, gHidden);
    if (gHiddenExtra != null) {
      int n = batch * mlp.out();
      for (int i = 0; i < n; i++) {
        gHidden[i] += gHiddenExtra[i];
      }
    }
    mlp.backward(gHidden, batch, gx);
  }

  public List<ParamBlock> params() {
    List<ParamBlock> out = new ArrayList<>(mlp.params());
    out.add(head.weight());
    out.add(head.bias());
    return out;
  }

  public Mlp mlp() {
    return mlp;
  }

  public Dense head() {
    return head;
  }

  public long forwardMacs() {
    long macs = 0;
    for (Dense d : mlp.layers()) {
      macs += (long) d.in() * d.out();
    }
    return macs + mlp.out();
  }

  @Override
  public String toString() {
    return "student(in=" + mlp.in() + ", " + mlp + ")";
  }
}
