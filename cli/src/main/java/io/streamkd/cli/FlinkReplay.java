package io.streamkd.cli;

import io.streamkd.job.StreamKdJob;
import io.streamkd.job.config.JobConfig;
import io.streamkd.kafka.EmbeddedKafka;
import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.feature.FieldSpec;
import io.streamkd.model.snapshot.SnapshotAssembler;
import io.streamkd.schemas.ClickEvent;
import io.streamkd.schemas.Features;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.SnapshotMetrics;
import io.streamkd.schemas.wire.Codecs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code eval --through-flink}: the same stream through the real pipeline. Each row becomes an impression
 * (event time = row index seconds) and, when its label is 1, a click 1 ms later, on an embedded broker; each
 * arm is one bounded run of the Flink job (RocksDB, exactly-once) with that arm's model flags; the arm's
 * metrics are the progressive metrics in its final published snapshot. Only whole-stream AUC and log loss
 * exist there, so the second-half numbers are null. With a 1.5 s attribution window, no out-of-orderness and
 * positives emitted at window close, examples reach the trainer in file order, so the numbers match the
 * in-process engine
 * within noise — the proof that the job trains what model-core trains. Positives are emitted at window
 * close: replaying a backlog, the watermark advances in jumps, and positives emitted at once would reach the
 * trainer in clumps ahead of their negatives.
 */
final class FlinkReplay {
  private FlinkReplay() {}

  static Evaluation.Result run(List<Example> stream, FeatureSpec spec, Map<String, String> modelFlags,
      List<String> ablations, int batchSize, PrintStream out, DoubleConsumer progress) throws Exception {
    int n = stream.size();
    Map<String, Map<String, String>> arms = new LinkedHashMap<>();
    arms.put("joint", Map.of());
    arms.put("student_alone", Map.of("student-only", "true"));
    var base = Evaluation.armConfig(modelFlags, Map.of());
    for (String a : ablations) {
      arms.put("student_" + a, Evaluation.ablation(a, base));
    }
    Map<String, Evaluation.ArmResult> results = new LinkedHashMap<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(1, "impressions", "clicks", "dead-letters", "unattributed-clicks");
      produce(kafka.bootstrapServers(), stream, spec);
      int done = 0;
      for (Map.Entry<String, Map<String, String>> arm : arms.entrySet()) {
        String topic = "snapshots-" + arm.getKey();
        kafka.createTopics(1, topic);
        Map<String, String> flags = new HashMap<>(modelFlags);
        flags.putAll(arm.getValue());
        flags.put("bootstrap-servers", kafka.bootstrapServers());
        flags.put("snapshots-topic", topic);
        flags.put("group-id", "eval-" + arm.getKey());
        flags.put("bounded", "true");
        flags.put("batch-size", Integer.toString(batchSize));
        flags.put("batch-max-wait", "1h");
        flags.put("snapshot-every-steps", "0");
        flags.put("snapshot-interval", "1h"); // one snapshot, at the end of the stream
        flags.put("attribution-window", "1500ms");
        flags.put("emit-positives", "at-window-close");
        flags.put("late-click-grace", "500ms");
        flags.put("out-of-orderness", "0ms");
        flags.put("checkpoint-interval", "10m");
        flags.put("checkpoint-dir", Files.createTempDirectory("eval-ckpt").toUri().toString());
        JobConfig cfg = JobConfig.fromMap(flags);
        Configuration conf = StreamKdJob.configuration(cfg);
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        StreamKdJob.build(env, cfg);
        long t0 = System.nanoTime();
        env.execute("eval " + arm.getKey());
        double secs = (System.nanoTime() - t0) / 1e9;
        SnapshotMetrics m = lastSnapshotMetrics(kafka.bootstrapServers(), topic);
        if (m.getExamples() != n) {
          throw new IllegalStateException("arm " + arm.getKey() + " trained on " + m.getExamples() + " of " + n
              + " examples");
        }
        double[] noCurve = {Double.NaN};
        if (arm.getKey().equals("joint")) {
          results.put("teacher", new Evaluation.ArmResult(m.getTeacherAuc(), m.getTeacherLogloss(), Double.NaN,
              Double.NaN, n / secs, noCurve));
          results.put("student_distilled", new Evaluation.ArmResult(m.getStudentAuc(), m.getStudentLogloss(),
              Double.NaN, Double.NaN, n / secs, noCurve));
        } else {
          results.put(arm.getKey(), new Evaluation.ArmResult(m.getStudentAuc(), m.getStudentLogloss(), Double.NaN,
              Double.NaN, n / secs, noCurve));
        }
        progress.accept(++done / (double) arms.size());
      }
    }
    return new Evaluation.Result(n, results, new double[] {n});
  }

  private static void produce(String bootstrap, List<Example> stream, FeatureSpec spec) {
    long base = 1_600_000_000_000L;
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < stream.size(); i++) {
        Example e = stream.get(i);
        Map<String, List<String>> sharedCat = new HashMap<>();
        Map<String, Float> sharedNum = new HashMap<>();
        Map<String, List<String>> privCat = new HashMap<>();
        Map<String, Float> privNum = new HashMap<>();
        for (FieldSpec f : spec.fields()) {
          if (f.categorical() && e.categorical().containsKey(f.name())) {
            (f.shared() ? sharedCat : privCat).put(f.name(), e.categorical().get(f.name()));
          } else if (!f.categorical() && e.numeric().containsKey(f.name())) {
            (f.shared() ? sharedNum : privNum).put(f.name(), e.numeric().get(f.name()));
          }
        }
        long t = base + i * 1000L;
        String id = "row-" + i;
        ImpressionEvent imp = ImpressionEvent.newBuilder().setImpressionId(id).setRequestId(id)
            .setUserId(first(e, "user_id")).setItemId(first(e, "item_id")).setEventTime(Instant.ofEpochMilli(t))
            .setPosition(0)
            .setSharedFeatures(Features.newBuilder().setCategorical(sharedCat).setNumeric(sharedNum).build())
            .setPrivilegedFeatures(Features.newBuilder().setCategorical(privCat).setNumeric(privNum).build())
            .build();
        p.send(new ProducerRecord<>("impressions", null, t, id.getBytes(), Codecs.IMPRESSION.encode(imp)));
        if (e.label() > 0.5f) {
          ClickEvent c = ClickEvent.newBuilder().setImpressionId(id).setEventTime(Instant.ofEpochMilli(t + 1))
              .setSignals(Map.of()).build();
          p.send(new ProducerRecord<>("clicks", null, t + 1, id.getBytes(), Codecs.CLICK.encode(c)));
        }
      }
    }
  }

  private static String first(Example e, String field) {
    List<String> v = e.categorical().get(field);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  private static SnapshotMetrics lastSnapshotMetrics(String bootstrap, String topic) throws Exception {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      SnapshotAssembler a = new SnapshotAssembler();
      SnapshotMetrics last = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          var done = a.add(Codecs.SNAPSHOT.decode(r.value()));
          if (done.isPresent()) {
            last = done.get().metadata().getMetrics();
          }
        }
      }
      if (last == null) {
        throw new IllegalStateException("the job published no snapshot to " + topic);
      }
      return last;
    }
  }
}
