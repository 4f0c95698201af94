package io.streamkd.model.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Progressive-validation metrics of one model (teacher or student): every prediction was made before the
 * model trained on that example, so these are unbiased online estimates. Whole-stream AUC (binned) and log
 * loss, plus exact AUC and log loss over a recent window. Bounded memory, serialisable for keyed state.
 */
public final class ModelMetrics {
  public static final int DEFAULT_WINDOW = 10_000;
  private final StreamingAuc auc;
  private final WindowedAuc window;
  private double loglossSum;
  private double weightSum;
  private long count;

  public ModelMetrics() {
    this(new StreamingAuc(), new WindowedAuc(DEFAULT_WINDOW));
  }

  public ModelMetrics(int windowSize) {
    this(new StreamingAuc(), new WindowedAuc(windowSize));
  }

  private ModelMetrics(StreamingAuc auc, WindowedAuc window) {
    this.auc = auc;
    this.window = window;
  }

  public void add(double probability, float label, float weight) {
    auc.add(probability, label, weight);
    window.add(probability, label);
    loglossSum += weight * Logloss.of(probability, label);
    weightSum += weight;
    count++;
  }

  public long count() {
    return count;
  }

  public double auc() {
    return auc.value();
  }

  public double logloss() {
    return weightSum == 0 ? Double.NaN : loglossSum / weightSum;
  }

  public double windowAuc() {
    return window.auc();
  }

  public double windowLogloss() {
    return window.logloss();
  }

  public void write(DataOutput out) throws IOException {
    auc.write(out);
    window.write(out);
    out.writeDouble(loglossSum);
    out.writeDouble(weightSum);
    out.writeLong(count);
  }

  public static ModelMetrics read(DataInput in) throws IOException {
    ModelMetrics m = new ModelMetrics(StreamingAuc.read(in), WindowedAuc.read(in));
    m.loglossSum = in.readDouble();
    m.weightSum = in.readDouble();
    m.count = in.readLong();
    return m;
  }
}
