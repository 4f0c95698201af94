package io.streamkd.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.model.feature.Example;
import io.streamkd.model.nn.ParamBlock;
import io.streamkd.model.nn.ParamGroup;
import io.streamkd.model.schedule.LambdaSchedule;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradient blocking, proven bit for bit: with blocking on, the distill weight λ and the hint weight μ
 * cannot reach a teacher-only parameter; with blocking off they do. With "student stops at shared" they
 * cannot reach the embeddings.
 */
class GradientBlockingTest {
  final List<Example> batch = JointFixtures.batch(3, 16);

  private Map<String, float[]> denseGrads(ModelConfig cfg, ParamGroup group) {
    JointModel m = JointFixtures.warmed(cfg);
    m.gradients(batch);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamBlock b : m.blocks()) {
      if (b.group() == group) {
        out.put(b.name(), b.grad().clone());
      }
    }
    return out;
  }

  private Map<Long, float[]> embeddingGrads(ModelConfig cfg) {
    return JointFixtures.warmed(cfg).gradients(batch).embeddingGrads();
  }

  private static boolean sameBits(Map<?, float[]> a, Map<?, float[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Object k : a.keySet()) {
      if (!Arrays.equals(a.get(k), b.get(k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The warm-up must not depend on λ/μ, or the parameters (not just the gradients) would differ: warm
   * with one config, then compute gradients under another sharing the same state.
   */
  private Map<String, float[]> teacherGradsAfterCommonWarmup(ModelConfig warm, ModelConfig probe) {
    JointModel w = JointFixtures.warmed(warm);
    byte[] state = DenseStateCodec.write(w);
    JointModel p = new JointModel(probe, w.store());
    DenseStateCodec.read(p, state);
    p.gradients(batch);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParamBlock b : p.blocks()) {
      if (b.group() == ParamGroup.TEACHER) {
        out.put(b.name(), b.grad().clone());
      }
    }
    return out;
  }

  @Test
  void withBlockingOnLambdaAndMuShouldNotChangeTeacherGradients() {
    ModelConfig base = JointFixtures.small().gradientBlocking(true).build();
    Map<String, float[]> ref = teacherGradsAfterCommonWarmup(base, base);
    Map<String, float[]> otherLambda = teacherGradsAfterCommonWarmup(base,
        base.toBuilder().lambda(LambdaSchedule.constant(5.0)).build());
    Map<String, float[]> otherMu = teacherGradsAfterCommonWarmup(base, base.toBuilder().hintWeight(3f).build());
    assertFalse(ref.isEmpty());
    assertTrue(sameBits(ref, otherLambda), "lambda leaked into teacher-only gradients");
    assertTrue(sameBits(ref, otherMu), "mu leaked into teacher-only gradients");
  }

  @Test
  void withBlockingOffLambdaAndMuShouldChangeTeacherGradients() {
    ModelConfig base = JointFixtures.small().gradientBlocking(false).build();
    Map<String, float[]> ref = teacherGradsAfterCommonWarmup(base, base);
    Map<String, float[]> otherLambda = teacherGradsAfterCommonWarmup(base,
        base.toBuilder().lambda(LambdaSchedule.constant(5.0)).build());
    Map<String, float[]> otherMu = teacherGradsAfterCommonWarmup(base, base.toBuilder().hintWeight(3f).build());
    assertFalse(sameBits(ref, otherLambda), "without blocking the distill loss must pull the teacher");
    assertFalse(sameBits(ref, otherMu), "without blocking the hint loss must pull the teacher");
  }

  @Test
  void studentGradientsShouldDependOnLambda() {
    ModelConfig base = JointFixtures.small().build();
    Map<String, float[]> a = denseGrads(base, ParamGroup.STUDENT);
    Map<String, float[]> b = denseGrads(
        base.toBuilder().lambda(LambdaSchedule.constant(5.0)).build(), ParamGroup.STUDENT);
    assertFalse(sameBits(a, b), "the distill loss must reach the student");
  }

  @Test
  void studentStoppingAtSharedShouldKeepStudentLossesOutOfTheEmbeddings() {
    ModelConfig stop = JointFixtures.small().studentStopsAtShared(true).build();
    ModelConfig flow = JointFixtures.small().studentStopsAtShared(false).build();
    // Same parameters, different λ: embeddings only see λ through the student path.
    JointModel w = JointFixtures.warmed(stop);
    byte[] state = DenseStateCodec.write(w);
    Map<Long, float[]> stopA = probe(w, state, stop);
    Map<Long, float[]> stopB = probe(w, state, stop.toBuilder().lambda(LambdaSchedule.constant(5.0)).build());
    Map<Long, float[]> flowA = probe(w, state, flow);
    Map<Long, float[]> flowB = probe(w, state, flow.toBuilder().lambda(LambdaSchedule.constant(5.0)).build());
    assertTrue(sameBits(stopA, stopB), "student terms reached the embeddings although stopped");
    assertFalse(sameBits(flowA, flowB), "student terms must reach the embeddings by default");
  }

  private Map<Long, float[]> probe(JointModel warmed, byte[] state, ModelConfig cfg) {
    JointModel p = new JointModel(cfg, warmed.store());
    DenseStateCodec.read(p, state);
    return p.gradients(batch).embeddingGrads();
  }

  @Test
  void privilegedFieldsShouldGetGradientsOnlyThroughTheTeacher() {
    ModelConfig cfg = JointFixtures.small().build();
    JointModel w = JointFixtures.warmed(cfg);
    byte[] state = DenseStateCodec.write(w);
    JointModel a = new JointModel(cfg, w.store());
    DenseStateCodec.read(a, state);
    Map<Long, float[]> ga = a.gradients(batch).embeddingGrads();
    JointModel b = new JointModel(cfg.toBuilder().lambda(LambdaSchedule.constant(5.0)).build(), w.store());
    DenseStateCodec.read(b, state);
    Map<Long, float[]> gb = b.gradients(batch).embeddingGrads();
    int seller = cfg.features().indexOf("seller");
    int checked = 0;
    for (Long key : ga.keySet()) {
      if (io.streamkd.model.feature.RowKeys.fieldIndex(key) == seller) {
        assertArrayEquals(ga.get(key), gb.get(key), "privileged row gradient depends on lambda");
        checked++;
      }
    }
    assertTrue(checked > 0, "no privileged row in the batch");
  }
}
