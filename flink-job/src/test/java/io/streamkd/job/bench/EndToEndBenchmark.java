package io.streamkd.job.bench;

import io.streamkd.job.StreamKdJob;
import io.streamkd.job.config.JobConfig;
import io.streamkd.kafka.EmbeddedKafka;
import io.streamkd.model.events.EventMapping;
import io.streamkd.model.feature.Example;
import io.streamkd.model.synthetic.SyntheticEvents;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.model.train.InMemoryEmbeddingStore;
import io.streamkd.model.train.JointModel;
import io.streamkd.schemas.wire.Codecs;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end throughput: Kafka in → snapshots out on a MiniCluster, against the bare model-core trainer on
 * the same examples in the same run, with where the trainer's time goes (accumulators of the operator) and
 * the old-generation live set after GC. Not a test: {@code bench/e2e.sh [examples] [users] [items]}.
 */
public final class EndToEndBenchmark {
  private EndToEndBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int items = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    String[] configs = args.length > 3 ? args[3].split(",") : new String[] {"rocksdb:200000", "rocksdb:0", "hashmap:200000"};
    int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    SyntheticWorld.Params d = SyntheticWorld.Params.defaults(11);
    SyntheticWorld.Params p = new SyntheticWorld.Params(11, users, items, d.latentDim(), d.categories(), d.segments(),
        d.positions(), d.interactionStrength(), d.baseLogit(), d.positionDecay(), d.offlineScoreNoise());

    // The same examples for the bare trainer: label = clicked (every click is within the window).
    List<Example> examples = new ArrayList<>(n);
    Set<String> rows = new HashSet<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(2, "impressions", "clicks");
      kafka.createTopics(1, "student-snapshots", "dead-letters", "unattributed-clicks");
      long t0 = System.nanoTime();
      try (KafkaProducer<byte[], byte[]> prod = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 18),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        SyntheticEvents events = new SyntheticEvents(new SyntheticWorld(p), 1_700_000_000_000L, 1000, 500, 2500);
        int sent = 0;
        while (sent < n) {
          SyntheticEvents.Event e = events.next();
          if (e.isImpression()) {
            sent++;
            examples.add(EventMapping.toExample(e.impression(), e.clicked() ? 1f : 0f, 1f, null));
            rows.add("u" + e.impression().getUserId());
            rows.add("i" + e.impression().getItemId());
            prod.send(new ProducerRecord<>("impressions", null, e.eventTime(),
                e.impression().getImpressionId().getBytes(), Codecs.IMPRESSION.encode(e.impression())));
          } else {
            prod.send(new ProducerRecord<>("clicks", null, e.eventTime(), e.click().getImpressionId().getBytes(),
                Codecs.CLICK.encode(e.click())));
          }
        }
        SyntheticEvents.Event c;
        while ((c = events.nextPendingClick()) != null) {
          prod.send(new ProducerRecord<>("clicks", null, c.eventTime(), c.click().getImpressionId().getBytes(),
              Codecs.CLICK.encode(c.click())));
        }
      }
      System.out.printf("produced %,d impressions (%,d distinct users+items) in %.1f s%n", n, rows.size(),
          (System.nanoTime() - t0) / 1e9);

      // Bare trainer, same examples, batch 256, heap store.
      JobConfig base = JobConfig.fromMap(Map.of("bootstrap-servers", kafka.bootstrapServers()));
      JointModel bare = new JointModel(base.model(), new InMemoryEmbeddingStore());
      long b0 = System.nanoTime();
      for (int i = 0; i < n; i += 256) {
        bare.train(examples.subList(i, Math.min(n, i + 256)));
      }
      double bareSecs = (System.nanoTime() - b0) / 1e9;
      System.out.printf("bare model-core trainer: %,.0f examples/s (%.1f s)%n", n / bareSecs, bareSecs);
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      rates.computeIfAbsent("bare model-core", k -> new ArrayList<>()).add(n / bareSecs);
      examples.clear(); // the bare run's examples must not count in the jobs' heap
      System.out.printf("bare trainer's heap store: %,d rows; old-gen live after GC %d MB%n", bare.store().size(),
          oldGenAfterGcMb());
      bare = null;

      int run = 0;
      for (int rep = 0; rep < repeats; rep++) {
      for (String c : configs) {
        String[] parts = c.split(":");
        Path ckpt = Files.createTempDirectory("e2e-ckpt");
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap-servers", kafka.bootstrapServers());
        flags.put("bounded", "true");
        flags.put("state-backend", parts[0]);
        flags.put("embedding-cache-rows", parts[1]);
        flags.put("checkpoint-dir", ckpt.toUri().toString());
        flags.put("checkpoint-interval", "10s");
        flags.put("snapshot-interval", "10s");
        flags.put("snapshot-every-steps", "0");
        flags.put("attribution-window", "3s");
        flags.put("late-click-grace", "1s");
        flags.put("out-of-orderness", "1s");
        flags.put("group-id", "bench-" + run++);
        JobConfig cfg = JobConfig.fromMap(flags);
        Configuration conf = StreamKdJob.configuration(cfg);
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        StreamKdJob.build(env, cfg);
        System.gc();
        long j0 = System.nanoTime();
        JobExecutionResult r = env.execute("e2e " + c);
        double secs = (System.nanoTime() - j0) / 1e9;
        long ex = ((Number) r.getAccumulatorResult("trainer.examples")).longValue();
        double train = ((Number) r.getAccumulatorResult("trainer.trainNanos")).longValue() / 1e9;
        double state = ((Number) r.getAccumulatorResult("trainer.stateNanos")).longValue() / 1e9;
        double publish = ((Number) r.getAccumulatorResult("trainer.publishNanos")).longValue() / 1e9;
        double persist = ((Number) r.getAccumulatorResult("trainer.persistNanos")).longValue() / 1e9;
        double join = ((Number) r.getAccumulatorResult("join.busyNanos")).longValue() / 1e9;
        double decode = ((Number) r.getAccumulatorResult("decode.busyNanos")).longValue() / 1e9;
        System.out.printf("run %d job %-16s %,d examples in %.1f s wall (incl. start-up): %,.0f examples/s; "
                + "trainer %.1f s = math %.1f s + row state %.1f s, publish %.1f s, checkpoint flush %.1f s; "
                + "join %.1f s (incl. its state); Avro decode %.1f s; old-gen live after GC %d MB%n", rep, c, ex, secs,
            ex / secs, train + publish + persist, train - state, state, publish, persist, join, decode,
            oldGenAfterGcMb());
        rates.computeIfAbsent("job " + c, k -> new ArrayList<>()).add(ex / secs);
      }
      }
      System.out.println("median examples/s over " + repeats + " runs (first run includes JIT warm-up):");
      rates.forEach((k, v) -> {
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(Double::compare);
        System.out.printf("  %-24s %,10.0f   (runs: %s)%n", k, sorted.get(sorted.size() / 2),
            v.stream().map(x -> String.format("%.0f", x)).toList());
      });
    }
  }

  /** Live set of the old generation after the last collection: what the heap holds on to. */
  static long oldGenAfterGcMb() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().contains("Old Gen") && pool.getCollectionUsage() != null) {
        return pool.getCollectionUsage().getUsed() >> 20;
      }
    }
    return -1;
  }
}
