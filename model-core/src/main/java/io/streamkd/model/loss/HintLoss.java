package io.streamkd.model.loss;

/**
 * Feature-transfer ("hint") loss of FitNets (Romero et al., 2014): the mean squared error between a learned
 * linear projection of the student's last hidden layer and the teacher's last hidden layer,
 * L = (1/2H)·Σ_j (r_j − h_j)², per example.
 */
public final class HintLoss {
  private HintLoss() {}

  public static double value(float[] projected, float[] teacherHidden, int offset, int h) {
    double s = 0;
    for (int j = 0; j < h; j++) {
      double d = projected[offset + j] - (double) teacherHidden[offset + j];
      s += d * d;
    }
    return s / (2.0 * h);
  }

  /** Writes scale·dL/dr into {@code gProjected} at offset; dL/dh is its negation. */
  public static void gradient(
      float[] projected, float[] teacherHidden, int offset, int h, float scale, float[] gProjected) {
    for (int j = 0; j < h; j++) {
      gProjected[offset + j] = scale * (projected[offset + j] - teacherHidden[offset + j]) / h;
    }
  }
}
