package io.streamkd.job.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.job.StreamKdJob;
import io.streamkd.job.config.JobConfig;
import io.streamkd.kafka.EmbeddedKafka;
import io.streamkd.model.snapshot.SnapshotAssembler;
import io.streamkd.model.synthetic.SyntheticEvents;
import io.streamkd.schemas.StudentSnapshot;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop with a savepoint, start again from it: training resumes at the same step with the same
 * parameters. The restored job republishes its restored student first, and its parameters must equal,
 * byte for byte, the last student published before the stop.
 */
class SavepointRestoreTest {
  @TempDir Path checkpoints;
  @TempDir Path savepoints;

  private static byte[] params(StudentSnapshot s) {
    ByteBuffer b = s.getParameters().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  @Timeout(300)
  void trainingShouldResumeFromASavepointAtTheSameStepWithTheSameParameters() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      JobHarness.createTopics(kafka);
      SyntheticEvents events = new SyntheticEvents(KafkaFixtures.learnableWorld(9), 1_700_000_000_000L, 200, 500,
          2_500);
      int half = 4_000;
      KafkaFixtures.produce(kafka.bootstrapServers(), events, half, 2_500);

      Map<String, String> flags = JobHarness.flags(kafka, checkpoints);
      flags.put("bounded", "false");
      flags.put("idleness", "500ms");
      JobConfig cfg = JobConfig.fromMap(flags);
      StreamExecutionEnvironment env = JobHarness.environment(cfg, Map.of());
      StreamKdJob.build(env, cfg);
      JobClient job = env.executeAsync("before savepoint");

      // Wait until training is idle: impressions of the last attribution window stay pending in the join
      // (the watermark only moves with new events), everything else is trained and published.
      List<SnapshotAssembler.Assembled> before = waitUntilQuiet(kafka, half - 1_000);
      SnapshotAssembler.Assembled lastBefore = before.get(before.size() - 1);
      String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
          .get();
      int seenBefore = before.size();

      // Second run from the savepoint, on more data.
      KafkaFixtures.produce(kafka.bootstrapServers(), events, half, 2_500);
      // Unbounded again: a Kafka split keeps the stopping offsets it was created with, so a bounded run
      // cannot resume an unbounded one's splits.
      StreamExecutionEnvironment env2 = JobHarness.environment(cfg,
          Map.of(StateRecoveryOptions.SAVEPOINT_PATH.key(), savepoint));
      StreamKdJob.build(env2, cfg);
      JobClient job2 = env2.executeAsync("after savepoint");
      List<SnapshotAssembler.Assembled> all;
      try {
        all = waitUntilQuiet(kafka, 2L * half - 1_000);
      } finally {
        job2.cancel().get();
      }
      SnapshotAssembler.Assembled restored = all.get(seenBefore);
      assertEquals(lastBefore.metadata().getTrainingStep(), restored.metadata().getTrainingStep(),
          "resumes at the same step");
      assertEquals(lastBefore.metadata().getLambda(), restored.metadata().getLambda(), "same point of the λ curve");
      assertEquals(lastBefore.metadata().getModelVersion() + 1, restored.metadata().getModelVersion());
      assertArrayEquals(params(lastBefore.metadata()), params(restored.metadata()),
          "restored student parameters equal the ones published before the stop");
      SnapshotAssembler.Assembled last = all.get(all.size() - 1);
      assertTrue(last.metadata().getMetrics().getExamples() > lastBefore.metadata().getMetrics().getExamples(),
          "second run continued the count");
      assertTrue(last.metadata().getTrainingStep() > restored.metadata().getTrainingStep());
    }
  }

  /** Polls until a committed snapshot covers at least {@code min} examples and no newer one came for 4 s. */
  private static List<SnapshotAssembler.Assembled> waitUntilQuiet(EmbeddedKafka kafka, long min) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    int lastCount = -1;
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      List<SnapshotAssembler.Assembled> s = KafkaFixtures.snapshots(KafkaFixtures.readCommitted(
          kafka.bootstrapServers(), "student-snapshots", r -> false, Duration.ofSeconds(1)));
      if (s.size() != lastCount) {
        lastCount = s.size();
        quietSince = System.nanoTime();
      } else if (!s.isEmpty() && s.get(s.size() - 1).metadata().getMetrics().getExamples() >= min
          && System.nanoTime() - quietSince > Duration.ofSeconds(4).toNanos()) {
        return s;
      }
    }
    throw new AssertionError("training did not go quiet with >= " + min + " examples within 120 s");
  }
}
