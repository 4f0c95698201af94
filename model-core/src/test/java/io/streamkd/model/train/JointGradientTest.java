package io.streamkd.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.model.feature.Example;
import io.streamkd.model.loss.DistillLoss;
import io.streamkd.model.nn.FiniteDifference;
import io.streamkd.model.nn.ParamBlock;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finite differences of the whole joint objective L = L_t + α·L_s + λ·L_d + μ·L_h against the trainer's
 * gradients, for every dense block and every embedding row a batch touches. With blocking off the trainer
 * must give the true gradient of L; with blocking on, the gradient of L with the teacher's outputs frozen
 * inside the distill and hint terms (stop-gradient).
 */
class JointGradientTest {

  @ParameterizedTest
  @EnumSource(DistillLoss.class)
  void gradientsShouldMatchFiniteDifferencesWithBlockingOff(DistillLoss loss) {
    check(JointFixtures.small().distillLoss(loss).gradientBlocking(false).temperature(2f).build(), false);
  }

  @ParameterizedTest
  @EnumSource(DistillLoss.class)
  void gradientsShouldMatchStopGradientFiniteDifferencesWithBlockingOn(DistillLoss loss) {
    check(JointFixtures.small().distillLoss(loss).gradientBlocking(true).build(), true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"additive", "convex"})
  void bothWeightingsShouldHaveExactGradients(String weighting) {
    check(JointFixtures.small().weighting(Weighting.parse(weighting)).gradientBlocking(false).build(), false);
  }

  @org.junit.jupiter.api.Test
  void jointObjectiveWithACinTeacherShouldHaveExactGradients() {
    check(JointFixtures.small().teacherCin(3, 2).gradientBlocking(false).build(), false);
    check(JointFixtures.small().teacherCin(3, 2).gradientBlocking(true).build(), true);
  }

  private static void check(ModelConfig cfg, boolean frozenTeacher) {
    JointModel m = JointFixtures.warmed(cfg);
    List<Example> batch = JointFixtures.batch(7, 6);
    JointModel.Gradients g = m.gradients(batch);
    float[][] frozen = frozenTeacher ? m.teacherOutputs(batch) : new float[][] {null, null};
    DoubleSupplier objective = () -> m.objective(batch, frozen[0], frozen[1]);
    int blocks = 0;
    for (ParamBlock b : m.blocks()) {
      FiniteDifference.check(cfg.distillLoss() + " " + b.name(), b.value(), b.grad().clone(), objective);
      blocks++;
    }
    assertTrue(blocks >= 10, "teacher, student and hint blocks all checked");
    int rows = 0;
    for (Map.Entry<Long, float[]> e : g.embeddingGrads().entrySet()) {
      float[] row = m.store().get(e.getKey());
      FiniteDifference.check("embedding row " + Long.toHexString(e.getKey()), row, pad(e.getValue(), row.length),
          objective);
      rows++;
    }
    assertTrue(rows >= 8, "rows of shared, privileged and multi-valued fields checked: " + rows);
  }

  /** Row = [embedding | optimizer slots]; only the embedding part has a gradient. */
  private static float[] pad(float[] grad, int width) {
    return java.util.Arrays.copyOf(grad, width);
  }
}
