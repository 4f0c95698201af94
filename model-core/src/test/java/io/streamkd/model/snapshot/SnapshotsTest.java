package io.streamkd.model.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.student.StudentModelCodec;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.model.train.InMemoryEmbeddingStore;
import io.streamkd.model.train.JointModel;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.ModelOptions;
import io.streamkd.schemas.SnapshotMetrics;
import io.streamkd.schemas.StudentSnapshot;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
  static StudentModel trainedStudent() {
    JointModel m = new JointModel(ModelConfig.builder(FeatureSpec.parse(ModelOptions.DEMO_FEATURES)).build(),
        new InMemoryEmbeddingStore());
    SyntheticWorld w = new SyntheticWorld(SyntheticWorld.Params.defaults(1));
    for (int b = 0; b < 20; b++) {
      List<Example> batch = new ArrayList<>();
      for (int i = 0; i < 256; i++) {
        batch.add(w.toExample(w.next(), i));
      }
      m.train(batch);
    }
    return m.exportStudent();
  }

  static Snapshots.Metadata meta(long version) {
    return new Snapshots.Metadata("ctr", version, Instant.ofEpochMilli(5), 20, 0.5,
        new SnapshotMetrics(5120L, 0.8, 0.4, 0.7, 0.5, null, null), Map.of("seed", "42"), 42, Map.of());
  }

  @Test
  void chunksShouldReassembleInAnyOrderIntoTheSameModel() throws Exception {
    StudentModel s = trainedStudent();
    List<StudentSnapshot> chunks = new ArrayList<>(Snapshots.split(s, meta(3), 4096));
    assertTrue(chunks.size() > 3, "expected several chunks, got " + chunks.size());
    Collections.shuffle(chunks, new java.util.Random(1));
    SnapshotAssembler a = new SnapshotAssembler();
    Optional<SnapshotAssembler.Assembled> done = Optional.empty();
    for (StudentSnapshot c : chunks) {
      assertTrue(done.isEmpty(), "completed before the last chunk");
      done = a.add(c);
    }
    assertTrue(done.isPresent());
    assertArrayEquals(StudentModelCodec.encode(s), StudentModelCodec.encode(done.get().model()));
    assertEquals(3, done.get().metadata().getModelVersion());
    assertEquals(0, a.pendingCount());
  }

  @Test
  void corruptParametersShouldBeRejectedWithTheChecksum() {
    List<StudentSnapshot> chunks = Snapshots.split(trainedStudent(), meta(4), 1 << 20);
    StudentSnapshot c = chunks.get(0);
    byte[] p = new byte[c.getParameters().remaining()];
    c.getParameters().duplicate().get(p);
    p[p.length / 2] ^= 1;
    StudentSnapshot bad = StudentSnapshot.newBuilder(c).setParameters(ByteBuffer.wrap(p)).build();
    SnapshotAssembler.RejectedSnapshotException e =
        assertThrows(SnapshotAssembler.RejectedSnapshotException.class, () -> new SnapshotAssembler().add(bad));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void unknownFormatVersionShouldBeRejected() {
    StudentSnapshot c = Snapshots.split(trainedStudent(), meta(5), 1 << 20).get(0);
    StudentSnapshot future = StudentSnapshot.newBuilder(c).setFormatVersion(99).build();
    assertTrue(assertThrows(SnapshotAssembler.RejectedSnapshotException.class,
        () -> new SnapshotAssembler().add(future)).getMessage().contains("format version 99"));
  }

  @Test
  void incompleteSnapshotsShouldNotAccumulate() throws Exception {
    SnapshotAssembler a = new SnapshotAssembler();
    StudentModel s = trainedStudent();
    for (int v = 0; v < 10; v++) {
      a.add(Snapshots.split(s, meta(v), 4096).get(0)); // only the first chunk of each
    }
    assertEquals(SnapshotAssembler.MAX_PENDING, a.pendingCount());
  }
}
