package io.streamkd.model.nn;

import java.util.Objects;

/**
 * A named dense parameter array with its gradient buffer. Layers read {@link #value} and accumulate into
 * {@link #grad}; the trainer zeroes gradients before a backward pass and the optimizer consumes them.
 */
public final class ParamBlock {
  private final String name;
  private final ParamGroup group;
  private final float[] value;
  private final float[] grad;

  public ParamBlock(String name, ParamGroup group, int size) {
    this.name = Objects.requireNonNull(name);
    this.group = Objects.requireNonNull(group);
    this.value = new float[size];
    this.grad = new float[size];
  }

  public String name() {
    return name;
  }

  public ParamGroup group() {
    return group;
  }

  public float[] value() {
    return value;
  }

  public float[] grad() {
    return grad;
  }

  public int size() {
    return value.length;
  }

  public void zeroGrad() {
    java.util.Arrays.fill(grad, 0f);
  }
}
