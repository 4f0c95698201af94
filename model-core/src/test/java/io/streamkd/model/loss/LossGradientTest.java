package io.streamkd.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each loss against hand values and central finite differences (in double, on the logits). */
class LossGradientTest {
  static final double H = 1e-3;
  static final double TOL = 2e-3;
  static final float[] LOGITS = {-4.2f, -1.3f, -0.2f, 0.0f, 0.7f, 2.5f, 5.1f};
  static final float[] TEMPERATURES = {0.5f, 1f, 3f};

  @Test
  void labelLossShouldMatchHandValuesAndFiniteDifferences() {
    assertEquals(Math.log(2), LabelLoss.value(0f, 1f), 1e-12);
    assertEquals(-Math.log(1 / (1 + Math.exp(-2.0))), LabelLoss.value(2f, 1f), 1e-9);
    assertEquals(-Math.log(1 - 1 / (1 + Math.exp(-2.0))), LabelLoss.value(2f, 0f), 1e-9);
    assertTrue(Double.isFinite(LabelLoss.value(500f, 0f)), "no overflow at large logits");
    for (float y : new float[] {0f, 1f}) {
      for (float z : LOGITS) {
        double num = (LabelLoss.value((float) (z + H), y) - LabelLoss.value((float) (z - H), y)) / (2 * H);
        assertEquals(num, LabelLoss.gradient(z, y), TOL, "dBCE/dz at z=" + z + " y=" + y);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DistillLoss.class)
  void distillGradientsShouldMatchFiniteDifferences(DistillLoss loss) {
    for (float t : TEMPERATURES) {
      for (float zs : LOGITS) {
        for (float zt : LOGITS) {
          double ns = (loss.value((float) (zs + H), zt, t) - loss.value((float) (zs - H), zt, t)) / (2 * H);
          double nt = (loss.value(zs, (float) (zt + H), t) - loss.value(zs, (float) (zt - H), t)) / (2 * H);
          double scale = Math.max(1, Math.abs(ns));
          assertEquals(ns, loss.gradStudent(zs, zt, t), TOL * scale,
              loss + " dL/dz_s at zs=" + zs + " zt=" + zt + " T=" + t);
          assertEquals(nt, loss.gradTeacher(zs, zt, t), TOL * Math.max(1, Math.abs(nt)),
              loss + " dL/dz_t at zs=" + zs + " zt=" + zt + " T=" + t);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = DistillLoss.class, names = {"MSE", "KL", "JS"})
  void divergencesShouldBeZeroWhenTheStudentMatchesTheTeacher(DistillLoss loss) {
    for (float z : LOGITS) {
      assertEquals(0.0, loss.value(z, z, 2f), 1e-9, loss + " at a match");
      assertEquals(0.0, loss.gradStudent(z, z, 2f), 1e-6, loss + " gradient at a match");
    }
  }

  @Test
  void softBceShouldBeTemperatureSquaredTimesCrossEntropy() {
    float t = 2f;
    double pt = 1 / (1 + Math.exp(-1.0 / t));
    double ps = 1 / (1 + Math.exp(-(-0.5) / t));
    double expected = t * t * -(pt * Math.log(ps) + (1 - pt) * Math.log(1 - ps));
    assertEquals(expected, DistillLoss.SOFT_BCE.value(-0.5f, 1f, t), 1e-6);
  }

  @Test
  void hintLossGradientShouldMatchFiniteDifferences() {
    float[] proj = {0.3f, -1.2f, 0.8f, 2.0f};
    float[] teacher = {0.1f, 0.4f, -0.6f, 1.5f};
    float[] g = new float[4];
    HintLoss.gradient(proj, teacher, 0, 4, 1f, g);
    for (int j = 0; j < 4; j++) {
      float saved = proj[j];
      proj[j] = (float) (saved + H);
      double plus = HintLoss.value(proj, teacher, 0, 4);
      proj[j] = (float) (saved - H);
      double minus = HintLoss.value(proj, teacher, 0, 4);
      proj[j] = saved;
      assertEquals((plus - minus) / (2 * H), g[j], TOL, "dHint/dr_" + j);
    }
    assertEquals((0.04 + 2.56 + 1.96 + 0.25) / 8, HintLoss.value(proj, teacher, 0, 4), 1e-6);
  }
}
