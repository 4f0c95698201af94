package io.streamkd.model.feature;

/**
 * The arithmetic of running standardisation, shared by the trainer (which keeps the running statistics)
 * and the exported student (which freezes them), so that both compute bit-identical inputs.
 */
public final class Standardizer {
  /** Standardised inputs are clipped to ±CLIP so one outlier cannot blow up a batch. */
  public static final double CLIP = 10.0;

  private Standardizer() {}

  /** Sample standard deviation from Welford's (count, M2); 1 while undefined or degenerate. */
  public static double std(double count, double m2) {
    if (count < 2) {
      return 1.0;
    }
    double s = Math.sqrt(m2 / (count - 1));
    return s > 1e-9 ? s : 1.0;
  }

  public static float apply(float pre, double mean, double std) {
    double z = (pre - mean) / std;
    return (float) Math.max(-CLIP, Math.min(CLIP, z));
  }
}
