package io.streamkd.job.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamkd.job.StreamKdJob;
import io.streamkd.job.config.JobConfig;
import io.streamkd.job.training.FaultInjection;
import io.streamkd.kafka.EmbeddedKafka;
import io.streamkd.model.events.EventMapping;
import io.streamkd.model.metrics.Auc;
import io.streamkd.model.snapshot.SnapshotAssembler;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.synthetic.SyntheticEvents;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.schemas.DeadLetter;
import io.streamkd.schemas.LabeledExample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a real in-process Kafka broker (KRaft) and a MiniCluster with RocksDB: events in,
 * labeled examples, training, snapshots out, exactly once.
 */
class TrainingJobTest {
  static final int N = 12_000;
  EmbeddedKafka kafka;
  @TempDir Path checkpoints;

  @BeforeEach
  void start() {
    kafka = EmbeddedKafka.start();
    JobHarness.createTopics(kafka);
  }

  @AfterEach
  void stop() {
    kafka.close();
  }

  private static double heldOutAuc(StudentModel student, long seed, int skip) {
    SyntheticWorld w = KafkaFixtures.learnableWorld(seed);
    for (int i = 0; i < skip; i++) {
      w.next();
    }
    int n = 4000;
    double[] scores = new double[n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      SyntheticWorld.Impression im = w.next();
      scores[i] = student.score(EventMapping.toExample(w.toEvent(im, "h" + i, "h", i)));
      labels[i] = im.clicked() ? 1 : 0;
    }
    return Auc.exact(scores, labels);
  }

  @Test
  @Timeout(300)
  void shouldLabelEveryImpressionTrainOnItAndPublishAStudentThatLearned() throws Exception {
    SyntheticWorld world = KafkaFixtures.learnableWorld(3);
    KafkaFixtures.Produced produced = KafkaFixtures.produce(kafka.bootstrapServers(),
        new SyntheticEvents(world, 1_700_000_000_000L, 200, 500, 2_500), N, 2_500);
    // garbage on both inputs: must end up in dead-letters, and training must go on
    try (KafkaProducer<byte[], byte[]> p = KafkaFixtures.producer(kafka.bootstrapServers())) {
      KafkaFixtures.send(p, "impressions", "x", 1_700_000_000_000L, "{\"not\": \"avro at all\"}".getBytes());
      KafkaFixtures.send(p, "impressions", "x", 1_700_000_000_000L, new byte[0]);
      KafkaFixtures.send(p, "clicks", "y", 1_700_000_000_000L, new byte[] {(byte) 0xC3, 1, 0, 0});
    }

    // The whole stream is a backlog when the job starts: emit positives at window close so the trainer sees
    // labels in event-time order (immediate positives would arrive in clumps ahead of their negatives).
    Map<String, String> flags = JobHarness.flags(kafka, checkpoints);
    flags.put("emit-positives", "at-window-close");
    JobConfig cfg = JobConfig.fromMap(flags);
    StreamExecutionEnvironment env = JobHarness.environment(cfg, Map.of());
    // also collect the join's output to check the labels
    CollectSink<LabeledExample> examples = new CollectSink<>("examples-" + System.nanoTime());
    StreamKdJob.build(env, cfg).examples().sinkTo(examples);
    env.execute("training job test");

    List<LabeledExample> labeled = examples.values();
    assertEquals(N, labeled.size(), "one example per impression");
    Set<String> ids = new HashSet<>();
    labeled.forEach(e -> ids.add(e.getImpression().getImpressionId()));
    assertEquals(N, ids.size(), "no impression labeled twice");
    assertEquals(produced.clicked(), labeled.stream().filter(LabeledExample::getLabel).count(),
        "positives = clicked impressions");

    var records = KafkaFixtures.readCommitted(kafka.bootstrapServers(), "student-snapshots",
        r -> false, Duration.ofSeconds(5));
    List<SnapshotAssembler.Assembled> snaps = KafkaFixtures.snapshots(records);
    assertTrue(snaps.size() >= 2, "snapshots published: " + snaps.size());
    SnapshotAssembler.Assembled last = snaps.get(snaps.size() - 1);
    assertEquals(N, last.metadata().getMetrics().getExamples(), "trained on every example exactly once");
    long prev = 0;
    for (SnapshotAssembler.Assembled s : snaps) {
      assertTrue(s.metadata().getModelVersion() > prev, "versions strictly increase");
      prev = s.metadata().getModelVersion();
    }
    for (var f : last.metadata().getFeatureSpec()) {
      assertTrue(!f.getName().equals("offline_score") && !f.getName().startsWith("user_item"),
          "privileged field in the served student: " + f.getName());
    }
    double auc = heldOutAuc(last.model(), 3, N + 10);
    System.out.println("held-out student AUC " + auc);
    assertTrue(auc > 0.62, "student AUC on held-out impressions should be clearly above chance: " + auc);
    assertTrue(last.metadata().getMetrics().getTeacherAuc() > 0.7,
        "teacher progressive AUC: " + last.metadata().getMetrics().getTeacherAuc());

    List<DeadLetter> dead = KafkaFixtures.deadLetters(KafkaFixtures.readCommitted(kafka.bootstrapServers(),
        "dead-letters", r -> r.size() >= 3, Duration.ofSeconds(30)));
    assertEquals(3, dead.size(), "every undecodable record is a dead letter");
    Set<String> reasons = new HashSet<>();
    dead.forEach(d -> reasons.add(d.getReason().split(" ")[0] + " " + d.getSourceTopic()));
    assertTrue(reasons.contains("wrong impressions"), reasons.toString());
    assertTrue(reasons.contains("empty impressions"), reasons.toString());
    assertTrue(reasons.contains("truncated clicks"), reasons.toString());
  }

  @Test
  @Timeout(300)
  void aFailureMidStreamShouldLoseNothingAndTrainNothingTwice() throws Exception {
    FaultInjection.reset();
    KafkaFixtures.produce(kafka.bootstrapServers(),
        new SyntheticEvents(KafkaFixtures.learnableWorld(5), 1_700_000_000_000L, 200, 500, 2_500), N, 2_500);
    Map<String, String> flags = JobHarness.flags(kafka, checkpoints);
    flags.put("fail-after-batches", "60");
    JobConfig cfg = JobConfig.fromMap(flags);
    StreamExecutionEnvironment env = JobHarness.environment(cfg, Map.of());
    StreamKdJob.build(env, cfg);
    env.execute("exactly-once test");
    assertTrue(FaultInjection.fired(), "the fault was injected");

    List<SnapshotAssembler.Assembled> snaps = KafkaFixtures.snapshots(KafkaFixtures.readCommitted(
        kafka.bootstrapServers(), "student-snapshots", r -> false, Duration.ofSeconds(5)));
    assertTrue(snaps.size() >= 2);
    assertEquals(N, snaps.get(snaps.size() - 1).metadata().getMetrics().getExamples(),
        "after recovery, trained examples = impressions: nothing lost, nothing twice");
    Set<Long> versions = new HashSet<>();
    long prev = 0;
    for (SnapshotAssembler.Assembled s : snaps) {
      long v = s.metadata().getModelVersion();
      assertTrue(versions.add(v), "duplicate committed version " + v);
      assertTrue(v > prev, "committed versions strictly increase: " + prev + " then " + v);
      prev = v;
    }
  }
}
