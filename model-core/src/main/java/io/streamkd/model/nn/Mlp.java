package io.streamkd.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of ReLU {@link Dense} layers. Zero layers is allowed: the output is then the input. Keeps the
 * activations of the last forward pass for {@link #backward}; one instance serves one thread.
 */
public final class Mlp {
  private final int in;
  private final List<Dense> layers = new ArrayList<>();
  private float[][] activations = new float[0][];
  private float[] gradA = new float[0];
  private float[] gradB = new float[0];
  private float[] input;

  public Mlp(String name, ParamGroup group, int in, int[] hidden) {
    this.in = in;
    int prev = in;
    for (int i = 0; i < hidden.length; i++) {
      layers.add(new Dense(name + "." + i, group, prev, hidden[i], true));
      prev = hidden[i];
    }
  }

  public void initialize(SplittableRandom rng) {
    layers.forEach(l -> l.initialize(rng));
  }

  public int in() {
    return in;
  }

  public int out() {
    return layers.isEmpty() ? in : layers.get(layers.size() - 1).out();
  }

  public List<Dense> layers() {
    return layers;
  }

  /** Returns the output buffer (the input itself when there are no layers). */
  public float[] forward(float[] x, int batch) {
    input = x;
    if (activations.length != layers.size()
        || (!layers.isEmpty() && activations[0].length < batch * layers.get(0).out())) {
      activations = new float[layers.size()][];
      for (int i = 0; i < layers.size(); i++) {
        activations[i] = new float[batch * layers.get(i).out()];
      }
    }
    float[] cur = x;
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).forward(cur, batch, activations[i]);
      cur = activations[i];
    }
    return cur;
  }

  /**
   * @param gOut gradient w.r.t. the output; consumed (modified)
   * @param gx gradient w.r.t. the input, overwritten; null to skip
   */
  public void backward(float[] gOut, int batch, float[] gx) {
    if (layers.isEmpty()) {
      if (gx != null) {
        System.arraycopy(gOut, 0, gx, 0, batch * in);
      }
      return;
    }
    int widest = layers.stream().mapToInt(Dense::in).max().orElse(0) * batch;
    if (gradA.length < widest) {
      gradA = new float[widest];
      gradB = new float[widest];
    }
    float[] g = gOut;
    for (int i = layers.size() - 1; i >= 0; i--) {
      Dense layer = layers.get(i);
      float[] x = i == 0 ? input : activations[i - 1];
      float[] target = i == 0 ? gx : (g == gradA ? gradB : gradA);
      layer.backward(x, activations[i], g, batch, target);
      g = target;
    }
  }

  public List<ParamBlock> params() {
    List<ParamBlock> out = new ArrayList<>();
    for (Dense d : layers) {
      out.add(d.weight());
      out.add(d.bias());
    }
    return out;
  }

  @Override
  public String toString() {
    return "mlp" + Arrays.toString(layers.stream().mapToInt(Dense::out).toArray());
  }
}
