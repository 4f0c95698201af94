package io.streamkd.model.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Exact ROC AUC and log loss over the most recent {@code capacity} predictions, kept in a ring buffer
 * (bounded memory); ties count ½. Computing the AUC sorts the window, so ask for it at reporting time, not
 * per example.
 */
public final class WindowedAuc {
  private final float[] probs;
  private final byte[] labels;
  private int next;
  private int size;

  public WindowedAuc(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("window capacity must be > 0 but was " + capacity);
    }
    probs = new float[capacity];
    labels = new byte[capacity];
  }

  public void add(double probability, float label) {
    probs[next] = (float) probability;
    labels[next] = (byte) (label > 0.5f ? 1 : 0);
    next = (next + 1) % probs.length;
    size = Math.min(size + 1, probs.length);
  }

  public int size() {
    return size;
  }

  public double auc() {
    return Auc.exact(Arrays.copyOf(probs, size), Arrays.copyOf(labels, size));
  }

  public double logloss() {
    if (size == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < size; i++) {
      s += Logloss.of(probs[i], labels[i]);
    }
    return s / size;
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(probs.length);
    out.writeInt(next);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeFloat(probs[i]);
      out.writeByte(labels[i]);
    }
  }

  public static WindowedAuc read(DataInput in) throws IOException {
    int capacity = in.readInt();
    int next = in.readInt();
    int size = in.readInt();
    if (capacity <= 0 || capacity > 100_000_000 || size < 0 || size > capacity || next < 0
        || next >= capacity) {
      throw new IOException("corrupt window state: capacity=" + capacity + " size=" + size);
    }
    WindowedAuc w = new WindowedAuc(capacity);
    w.next = next;
    w.size = size;
    for (int i = 0; i < size; i++) {
      w.probs[i] = in.readFloat();
      w.labels[i] = in.readByte();
    }
    return w;
  }
}
