package io.streamkd.model.metrics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * ROC AUC over an unbounded stream in bounded memory: positive and negative (weighted) counts in a fixed
 * number of bins over the predicted probability. Pairs inside one bin count as ties (½), so the error is at
 * most the mass of same-bin pairs; with 10,000 bins it is far below the run-to-run noise of any stream.
 */
public final class StreamingAuc {
  public static final int DEFAULT_BINS = 10_000;
  private final double[] pos;
  private final double[] neg;

  public StreamingAuc() {
    this(DEFAULT_BINS);
  }

  public StreamingAuc(int bins) {
    pos = new double[bins];
    neg = new double[bins];
  }

  public void add(double probability, float label, float weight) {
    int bins = pos.length;
    int b = (int) (probability * bins);
    if (b >= bins) {
      b = bins - 1;
    } else if (b < 0) {
      b = 0;
    }
    if (label > 0.5f) {
      pos[b] += weight;
    } else {
      neg[b] += weight;
    }
  }

  /** AUC, or NaN while one class has not been seen. */
  public double value() {
    double negBelow = 0;
    double totalPos = 0;
    double totalNeg = 0;
    double area = 0;
    for (int b = 0; b < pos.length; b++) {
      area += pos[b] * (negBelow + 0.5 * neg[b]);
      negBelow += neg[b];
      totalPos += pos[b];
      totalNeg += neg[b];
    }
    if (totalPos == 0 || totalNeg == 0) {
      return Double.NaN;
    }
    return area / (totalPos * totalNeg);
  }

  public void write(DataOutput out) throws IOException {
    out.writeInt(pos.length);
    for (int b = 0; b < pos.length; b++) {
      out.writeDouble(pos[b]);
      out.writeDouble(neg[b]);
    }
  }

  public static StreamingAuc read(DataInput in) throws IOException {
    int bins = in.readInt();
    if (bins <= 0 || bins > 10_000_000) {
      throw new IOException("corrupt AUC state: " + bins + " bins");
    }
    StreamingAuc auc = new StreamingAuc(bins);
    for (int b = 0; b < bins; b++) {
      auc.pos[b] = in.readDouble();
      auc.neg[b] = in.readDouble();
    }
    return auc;
  }
}
