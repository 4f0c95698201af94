package io.streamkd.model.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;

/** Central finite differences against analytic gradients, with a named tolerance. */
public final class FiniteDifference {
  /** Step for float parameters: large enough to beat float rounding, small enough for the curvature. */
  public static final float EPS = 1e-3f;
  /** Allowed |analytic − numeric| / max(1e-2, |analytic| + |numeric|). */
  public static final double TOLERANCE = 2e-2;

  private FiniteDifference() {}

  public static double numeric(float[] array, int index, DoubleSupplier objective) {
    float saved = array[index];
    array[index] = saved + EPS;
    double plus = objective.getAsDouble();
    array[index] = saved - EPS;
    double minus = objective.getAsDouble();
    array[index] = saved;
    return (plus - minus) / (2.0 * EPS);
  }

  /** Checks every element (or a strided sample when large) of a gradient array. */
  public static void check(String what, float[] params, float[] analytic, DoubleSupplier objective) {
    int stride = Math.max(1, params.length / 60);
    int checked = 0;
    for (int i = 0; i < params.length; i += stride) {
      double num = numeric(params, i, objective);
      double ana = analytic[i];
      double err = Math.abs(ana - num) / Math.max(1e-2, Math.abs(ana) + Math.abs(num));
      assertTrue(err < TOLERANCE,
          what + "[" + i + "]: analytic " + ana + " vs numeric " + num + " (rel. error " + err + ")");
      checked++;
    }
    assertTrue(checked > 0, what + ": nothing checked");
  }
}
