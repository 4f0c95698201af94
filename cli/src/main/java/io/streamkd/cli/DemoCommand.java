package io.streamkd.cli;

import io.streamkd.job.StreamKdJob;
import io.streamkd.job.config.JobConfig;
import io.streamkd.kafka.EmbeddedKafka;
import io.streamkd.model.config.Option;
import io.streamkd.model.config.OptionValues;
import io.streamkd.model.events.EventMapping;
import io.streamkd.model.feature.Example;
import io.streamkd.model.metrics.Auc;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.schemas.StudentSnapshot;
import io.streamkd.serving.LoadedModel;
import io.streamkd.serving.ServingApp;
import io.streamkd.serving.ServingOptions;
import io.streamkd.serving.StudentScorer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code streamkd demo}: the whole system in one process with nothing installed — an embedded KRaft
 * broker, the synthetic generator, the Flink job on a MiniCluster with RocksDB and checkpoints, and the
 * serving process following the snapshots. Prints a progress table while it runs and a summary at the end.
 */
final class DemoCommand {
  static final Option<Duration> DURATION = Option.duration("duration", Duration.ofMinutes(2), "how long to run");
  static final Option<Double> RATE = Option.decimal("rate", 800, 1, 100_000, "impressions per second");
  static final Option<Long> SEED = Option.longValue("seed", 1L, Long.MIN_VALUE, "world and model seed");
  static final Option<Duration> REPORT_EVERY = Option.duration("report-every", Duration.ofSeconds(5),
      "progress table interval");
  static final Option<Boolean> KEEP_RUNNING = Option.bool("keep-running", false,
      "after the run, keep Kafka up (and print its address) until Ctrl-C, to look at the topics with kcat");
  static final Option<Integer> PROBES = Option.integer("probes", 2000, 100,
      "held-out impressions scored through HTTP at every report (served AUC, latency)");
  static final List<Option<?>> ALL = List.of(DURATION, RATE, SEED, REPORT_EVERY, KEEP_RUNNING, PROBES);

  private final PrintStream out;

  DemoCommand(PrintStream out) {
    this.out = out;
  }

  private record Probe(List<Example> examples, int[] labels) {}

  private static Probe probes(long seed, int n) {
    // Same world (users, items, click model) as the generator, independent draws: a held-out set.
    SyntheticWorld w = new SyntheticWorld(SyntheticWorld.Params.defaults(seed));
    for (int i = 0; i < 1_000_003; i++) {
      w.next();
    }
    List<Example> ex = new ArrayList<>(n);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      SyntheticWorld.Impression im = w.next();
      ex.add(EventMapping.toExample(w.toEvent(im, "probe-" + i, "probe", 0)));
      labels[i] = im.clicked() ? 1 : 0;
    }
    return new Probe(ex, labels);
  }

  int run(String[] args) throws Exception {
    OptionValues v = OptionValues.parse(ALL, args);
    if (v.helpRequested()) {
      out.println(OptionValues.usage("streamkd demo",
          "Runs StreamKD end to end in this process: embedded Kafka (KRaft) -> synthetic events -> Flink job\n"
              + "(click attribution, joint teacher/student training on RocksDB, exactly-once snapshots) -> serving.",
          ALL));
      return 0;
    }
    long seed = v.get(SEED);
    Duration duration = v.get(DURATION);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    CountDownLatch stopRequested = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      interrupted.set(true);
      stopRequested.countDown();
      try {
        finished.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
    long t0 = System.nanoTime();
    List<String> stopped = new ArrayList<>();
    Path work = Files.createTempDirectory("streamkd-demo-");
    out.println("StreamKD demo: streaming knowledge distillation, end to end, for " + fmt(duration));
    EmbeddedKafka kafka = null;
    EventGenerator gen = null;
    Thread genThread = null;
    JobClient job = null;
    ServingApp serving = null;
    Summary summary = new Summary();
    try {
      out.print("[1/4] starting Kafka (KRaft, in-process) ... ");
      kafka = EmbeddedKafka.start();
      kafka.createTopics(2, "impressions", "clicks");
      kafka.createTopics(1, "student-snapshots", "dead-letters", "unattributed-clicks");
      out.println(kafka.bootstrapServers());

      out.print("[2/4] starting the event generator ... ");
      SyntheticWorld world = new SyntheticWorld(SyntheticWorld.Params.defaults(seed));
      gen = new EventGenerator(kafka.bootstrapServers(), world, v.get(RATE), 2000, 8000, "impressions", "clicks", 0,
          0.001);
      genThread = new Thread(gen, "generator");
      genThread.setDaemon(true);
      genThread.start();
      out.printf("%.0f impressions/s, %d users, %d items, 0.1%% malformed records%n", v.get(RATE),
          world.params().users(), world.params().items());

      out.print("[3/4] starting the Flink job (MiniCluster, RocksDB, checkpoints every 5s) ... ");
      Map<String, String> flags = new LinkedHashMap<>();
      flags.put("bootstrap-servers", kafka.bootstrapServers());
      flags.put("checkpoint-dir", work.resolve("checkpoints").toUri().toString());
      flags.put("checkpoint-interval", "5s");
      flags.put("snapshot-interval", "5s");
      flags.put("snapshot-every-steps", "0");
      flags.put("attribution-window", "10s");
      flags.put("late-click-grace", "10s");
      flags.put("out-of-orderness", "2s");
      flags.put("idleness", "5s");
      flags.put("lambda-ramp-steps", "100");
      flags.put("seed", Long.toString(seed));
      flags.put("baseline-student", "true");
      JobConfig cfg = JobConfig.fromMap(flags);
      Configuration conf = StreamKdJob.configuration(cfg);
      conf.setString("restart-strategy.type", "fixed-delay");
      conf.setString("restart-strategy.fixed-delay.attempts", "3");
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      StreamKdJob.build(env, cfg);
      job = env.executeAsync(StreamKdJob.NAME);
      out.println("job " + job.getJobID());

      out.print("[4/4] starting serving ... ");
      serving = ServingApp.start(OptionValues.parse(ServingOptions.ALL, "--bootstrap-servers",
          kafka.bootstrapServers(), "--port", "0"));
      out.println("http://127.0.0.1:" + serving.port() + "/v1/models/ctr");
      out.println();

      Probe probe = probes(seed, v.get(PROBES));
      out.println("Training metrics are progressive validation (each batch scored before training on it); served AUC is");
      out.println("the served student on held-out impressions; p99 is in-process scoring of a batch of 100.");
      out.println("'alone' is the same student trained on the same batches without the teacher (--baseline-student).");
      out.println("   time  events/s   trained  examples/s  lambda  teacher AUC  student AUC  alone AUC  served v  served AUC  p99 ms");
      long reportMs = v.get(REPORT_EVERY).toMillis();
      long lastEvents = 0;
      long lastTrained = 0;
      long lastT = System.nanoTime();
      long end = t0 + duration.toNanos();
      while (System.nanoTime() < end && !interrupted.get()) {
        stopRequested.await(Math.min(reportMs, Math.max(1, (end - System.nanoTime()) / 1_000_000)),
            TimeUnit.MILLISECONDS);
        long now = System.nanoTime();
        double dt = (now - lastT) / 1e9;
        lastT = now;
        long events = gen.impressions.get() + gen.clicks.get();
        Optional<LoadedModel> served = serving.registry().get("ctr");
        StudentSnapshot meta = served.map(LoadedModel::metadata).orElse(null);
        long trained = meta == null ? 0 : meta.getMetrics().getExamples();
        String probeAuc = "-";
        String p99 = "-";
        if (served.isPresent()) {
          double[] r = scoreProbes(serving.scorer(), probe);
          probeAuc = String.format("%.4f", r[0]);
          p99 = String.format("%.2f", r[1]);
          summary.servedAuc = r[0];
          summary.p99Ms = r[1];
          summary.servedVersion = meta.getModelVersion();
        }
        out.printf("%6.0fs  %8.0f  %8d  %10.0f  %6s  %11s  %11s  %9s  %8s  %10s  %6s%n", (now - t0) / 1e9,
            (events - lastEvents) / dt, trained, (trained - lastTrained) / dt,
            meta == null ? "-" : String.format("%.2f", meta.getLambda()),
            meta == null ? "-" : String.format("%.4f", meta.getMetrics().getTeacherAuc()),
            meta == null ? "-" : String.format("%.4f", meta.getMetrics().getStudentAuc()),
            meta == null || meta.getMetrics().getStudentAloneAuc() == null ? "-"
                : String.format("%.4f", meta.getMetrics().getStudentAloneAuc()),
            meta == null ? "-" : Long.toString(meta.getModelVersion()), probeAuc, p99);
        lastEvents = events;
        lastTrained = trained;
        if (meta != null) {
          summary.meta = meta;
        }
        if (gen.failure() != null) {
          throw new IllegalStateException("generator failed: " + gen.failure(), gen.failure());
        }
        if (job.getJobStatus().get().isGloballyTerminalState()) {
          throw new IllegalStateException("the Flink job stopped: " + job.getJobStatus().get());
        }
      }
      gen.stop();
      genThread.join(5000);
      summary.impressions = gen.impressions.get();
      summary.clicks = gen.clicks.get();
      summary.malformed = gen.malformed.get();
      // Dead letters become visible when the checkpoint that covers them completes: wait for it.
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      do {
        summary.deadLetters = count(kafka.bootstrapServers(), "dead-letters");
      } while (summary.deadLetters < summary.malformed && System.nanoTime() < deadline && !interrupted.get());
    } finally {
      if (gen != null) {
        gen.stop();
        genThread.join(5000);
        stopped.add("generator");
      }
      if (job != null) {
        try {
          job.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          out.println("warning: could not cancel the Flink job cleanly: " + e);
        }
        stopped.add("Flink job");
      }
      if (serving != null) {
        serving.close();
        stopped.add("serving");
      }
      if (kafka != null) {
        if (v.get(KEEP_RUNNING) && !interrupted.get()) {
          out.println();
          out.println("Kafka keeps running at " + kafka.bootstrapServers() + " — for example:");
          out.println("  kcat -b " + kafka.bootstrapServers() + " -t student-snapshots -C -o -1 -e -f '%k v%o %S bytes\\n'");
          out.println("  kcat -b " + kafka.bootstrapServers() + " -t dead-letters -C -e");
          out.println("Press Ctrl-C to stop.");
          stopRequested.await();
        }
        kafka.close();
        stopped.add("Kafka");
      }
      deleteRecursively(work); // checkpoints of a demo are worth nothing after it
      finished.countDown();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    out.println();
    out.println("Summary" + (interrupted.get() ? " (stopped by Ctrl-C)" : ""));
    out.printf("  ran %.0f s: %,d impressions, %,d clicks sent; %,d malformed records -> %,d dead letters%n", secs,
        summary.impressions, summary.clicks, summary.malformed, summary.deadLetters);
    if (summary.meta == null) {
      out.println("  no snapshot was served: the job did not publish within the run (try a longer --duration)");
      out.println("  stopped: " + String.join(", ", stopped));
      return 1;
    }
    out.printf("  trained %,d examples in %,d steps; lambda %.2f%n", summary.meta.getMetrics().getExamples(),
        summary.meta.getTrainingStep(), summary.meta.getLambda());
    out.printf("  progressive AUC: teacher %.4f, distilled student %.4f%n", summary.meta.getMetrics().getTeacherAuc(),
        summary.meta.getMetrics().getStudentAuc());
    Double alone = summary.meta.getMetrics().getStudentAloneAuc();
    if (alone != null) {
      out.printf("  the same student trained alone on the same stream: %.4f -> distillation %+.4f AUC%n", alone,
          summary.meta.getMetrics().getStudentAuc() - alone);
    }
    out.printf("  snapshot served: version %d; served student AUC on %d held-out impressions %.4f; scoring p99 %.2f ms%n",
        summary.servedVersion, v.get(PROBES), summary.servedAuc, summary.p99Ms);
    out.println("  stopped: " + String.join(", ", stopped));
    return 0;
  }

  private static final class Summary {
    StudentSnapshot meta;
    long servedVersion;
    double servedAuc = Double.NaN;
    double p99Ms = Double.NaN;
    long impressions;
    long clicks;
    long malformed;
    long deadLetters;
  }

  /** Scores the probe set in batches of 100; returns {AUC, p99 latency of a batch in ms}. */
  private static double[] scoreProbes(StudentScorer scorer, Probe p) {
    int n = p.examples().size();
    double[] scores = new double[n];
    List<Long> lat = new ArrayList<>();
    for (int i = 0; i < n; i += 100) {
      List<Example> batch = p.examples().subList(i, Math.min(n, i + 100));
      long t = System.nanoTime();
      float[] s = scorer.score("ctr", batch).probabilities();
      lat.add(System.nanoTime() - t);
      for (int k = 0; k < s.length; k++) {
        scores[i + k] = s[k];
      }
    }
    long[] l = lat.stream().mapToLong(Long::longValue).sorted().toArray();
    double p99 = l[Math.min(l.length - 1, (int) Math.ceil(0.99 * l.length) - 1)] / 1e6;
    return new double[] {Auc.exact(scores, p.labels()), p99};
  }

  /** Committed records in a topic, counted by reading them (offsets also count transaction markers). */
  private static long count(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> tps = c.partitionsFor(topic).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      long n = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && !end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
        n += c.poll(Duration.ofMillis(200)).count();
      }
      return n;
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("warning: could not delete " + dir + ": " + e);
    }
  }

  private static String fmt(Duration d) {
    return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
