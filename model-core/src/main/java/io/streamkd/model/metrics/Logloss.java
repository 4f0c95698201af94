package io.streamkd.model.metrics;

/** Binary log loss of a probability, clipped at 1e-7 so that one confident mistake cannot give infinity. */
public final class Logloss {
  public static final double EPS = 1e-7;

  private Logloss() {}

  public static double of(double p, float label) {
    double q = Math.min(1 - EPS, Math.max(EPS, p));
    return label > 0.5f ? -Math.log(q) : -Math.log(1 - q);
  }
}
