package io.streamkd.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FieldSpec;
import io.streamkd.model.feature.RowKeys;
import io.streamkd.model.nn.ParamBlock;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.student.StudentModelCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateAndExportTest {

  /** Copies the rows so that two models can continue independently. */
  private static InMemoryEmbeddingStore copy(EmbeddingStore s) {
    InMemoryEmbeddingStore c = new InMemoryEmbeddingStore();
    s.forEach((k, v) -> c.put(k, v.clone()));
    return c;
  }

  @Test
  void denseStateShouldRoundTripBitExactlyAndTrainingShouldContinueIdentically() {
    ModelConfig cfg = JointFixtures.small().minCount(2).build();
    JointModel a = JointFixtures.warmed(cfg);
    byte[] state = DenseStateCodec.write(a);

    JointModel b = new JointModel(cfg, copy(a.store()));
    DenseStateCodec.read(b, state);
    assertArrayEquals(state, DenseStateCodec.write(b), "write(read(x)) == x");
    assertEquals(a.step(), b.step());

    for (int k = 0; k < 3; k++) {
      List<Example> batch = JointFixtures.batch(500 + k, 20);
      TrainResult ra = a.train(batch);
      TrainResult rb = b.train(batch);
      assertArrayEquals(ra.studentProb(), rb.studentProb());
      assertArrayEquals(ra.teacherProb(), rb.teacherProb());
      assertEquals(ra.lambda(), rb.lambda());
    }
    assertArrayEquals(DenseStateCodec.write(a), DenseStateCodec.write(b));
  }

  @Test
  void stateForAnotherArchitectureShouldBeRejectedNamingTheBlock() {
    JointModel a = JointFixtures.warmed(JointFixtures.small().build());
    JointModel other = new JointModel(JointFixtures.small().studentMlp(5).build(), new InMemoryEmbeddingStore());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DenseStateCodec.read(other, DenseStateCodec.write(a)));
    assertTrue(e.getMessage().contains("student.mlp.0.W"), e.getMessage());
  }

  @Test
  void trainingShouldBeDeterministicForASeed() {
    ModelConfig cfg = JointFixtures.small().build();
    JointModel a = JointFixtures.warmed(cfg);
    JointModel b = JointFixtures.warmed(cfg);
    assertArrayEquals(DenseStateCodec.write(a), DenseStateCodec.write(b));
    Map<Long, float[]> ra = new HashMap<>();
    a.store().forEach(ra::put);
    b.store().forEach((k, v) -> assertArrayEquals(ra.get(k), v));
  }

  @Test
  void exportedStudentShouldHoldNoPrivilegedFieldAndScoreExactlyAsTheJointStudent() {
    ModelConfig cfg = JointFixtures.small().build();
    JointModel m = JointFixtures.warmed(cfg);
    StudentModel s = m.exportStudent();
    for (StudentModel.Field f : s.fields()) {
      assertTrue(f.spec().shared(), "privileged field exported: " + f.spec().name());
    }
    assertEquals(List.of("user", "item", "tags", "price"), s.fields().stream().map(f -> f.spec().name()).toList());
    int seller = cfg.features().indexOf("seller");
    for (long k : s.rowKeys()) {
      assertTrue(RowKeys.fieldIndex(k) != seller, "privileged embedding row exported");
    }
    assertTrue(s.rowCount() > 0);

    List<Example> probe = new ArrayList<>(JointFixtures.batch(900, 50));
    probe.add(Example.builder().cat("user", "never-seen").num("price", 3f).build()); // unseen value
    probe.add(Example.builder().build()); // every field missing
    float[] joint = m.scoreStudent(probe);
    float[] alone = s.score(probe);
    assertArrayEquals(joint, alone, "exported student must score bit for bit as the joint model's student");

    StudentModel decoded = StudentModelCodec.decode(StudentModelCodec.encode(s));
    assertArrayEquals(alone, decoded.score(probe), "codec round trip changes scores");
    assertArrayEquals(StudentModelCodec.encode(s), StudentModelCodec.encode(decoded));
  }

  @Test
  void studentCodecShouldRejectGarbageWithAReason() {
    byte[] good = StudentModelCodec.encode(JointFixtures.warmed(JointFixtures.small().build()).exportStudent());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StudentModelCodec.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})).getMessage().contains("magic"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> StudentModelCodec.decode(java.util.Arrays.copyOf(good, good.length / 2))).getMessage()
        .contains("truncated"));
    byte[] future = good.clone();
    future[7] = 9;
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StudentModelCodec.decode(future)).getMessage()
        .contains("version 9"));
  }

  @Test
  void teacherOnlyBlocksShouldBeAbsentFromTheStudentExport() {
    JointModel m = JointFixtures.warmed(JointFixtures.small().build());
    StudentModel s = m.exportStudent();
    long studentWeights = m.blocks().stream()
        .filter(b -> b.name().startsWith("student.") && !b.name().startsWith("student.hint"))
        .mapToLong(ParamBlock::size).sum();
    long exported = s.layers().stream().mapToLong(l -> l.weight().length + l.bias().length).sum();
    assertEquals(studentWeights, exported);
    for (FieldSpec f : m.config().features().fields()) {
      if (!f.shared()) {
        assertTrue(s.fields().stream().noneMatch(x -> x.spec().name().equals(f.name())));
      }
    }
  }
}
