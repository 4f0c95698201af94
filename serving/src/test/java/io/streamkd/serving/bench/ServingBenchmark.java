package io.streamkd.serving.bench;

import io.streamkd.kafka.EmbeddedKafka;
import io.streamkd.model.config.OptionValues;
import io.streamkd.model.events.EventMapping;
import io.streamkd.model.feature.Example;
import io.streamkd.model.feature.FeatureSpec;
import io.streamkd.model.snapshot.Snapshots;
import io.streamkd.model.student.StudentModel;
import io.streamkd.model.synthetic.SyntheticWorld;
import io.streamkd.model.train.InMemoryEmbeddingStore;
import io.streamkd.model.train.JointModel;
import io.streamkd.model.train.ModelConfig;
import io.streamkd.model.train.ModelOptions;
import io.streamkd.schemas.ImpressionEvent;
import io.streamkd.schemas.SnapshotMetrics;
import io.streamkd.schemas.StudentSnapshot;
import io.streamkd.schemas.wire.Codecs;
import io.streamkd.serving.ServingApp;
import io.streamkd.serving.ServingOptions;
import io.streamkd.serving.StudentScorer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Scoring latency: in-process (one example, a batch of 100), over HTTP at a fixed concurrency, and the HTTP
 * p99 while new snapshots are being swapped in; plus the teacher/student scoring cost ratio. Not a test:
 * {@code bench/serving.sh [seconds] [concurrency]}.
 */
public final class ServingBenchmark {
  private ServingBenchmark() {}

  static String pct(long[] sortedNanos) {
    return String.format("p50 %.1f us, p99 %.1f us, p99.9 %.1f us (n=%,d)", sortedNanos[sortedNanos.length / 2] / 1e3,
        sortedNanos[(int) (sortedNanos.length * 0.99)] / 1e3, sortedNanos[(int) (sortedNanos.length * 0.999)] / 1e3,
        sortedNanos.length);
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    SyntheticWorld w = new SyntheticWorld(SyntheticWorld.Params.defaults(3));
    JointModel joint = new JointModel(ModelConfig.builder(FeatureSpec.parse(ModelOptions.DEMO_FEATURES)).build(),
        new InMemoryEmbeddingStore());
    for (int b = 0; b < 200; b++) {
      List<Example> batch = new ArrayList<>();
      for (int i = 0; i < 256; i++) {
        batch.add(w.toExample(w.next(), i));
      }
      joint.train(batch);
    }
    StudentModel student = joint.exportStudent();
    List<ImpressionEvent> probes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      probes.add(w.toEvent(w.next(), "p" + i, "r", i));
    }
    List<Example> probeExamples = probes.stream().map(EventMapping::toExample).toList();

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(1, "student-snapshots");
      KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          kafka.bootstrapServers(), ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench"), new ByteArraySerializer(),
          new ByteArraySerializer());
      producer.initTransactions();
      long[] version = {0};
      Runnable publish = () -> {
        version[0]++;
        List<StudentSnapshot> chunks = Snapshots.split(student, new Snapshots.Metadata("ctr", version[0],
            Instant.now(), 1, 1, new SnapshotMetrics(1L, 0.5, 0.5, 0.5, 0.5, null, null), Map.of(), 1, Map.of()), 512 * 1024);
        producer.beginTransaction();
        chunks.forEach(c -> producer.send(new ProducerRecord<>("student-snapshots", "ctr".getBytes(),
            Codecs.SNAPSHOT.encode(c))));
        producer.commitTransaction();
      };
      publish.run();
      try (ServingApp app = ServingApp.start(OptionValues.parse(ServingOptions.ALL, "--bootstrap-servers",
          kafka.bootstrapServers(), "--port", "0", "--threads", String.valueOf(concurrency)))) {
        app.follower().awaitCaughtUp(Duration.ofSeconds(60));
        while (app.registry().get("ctr").isEmpty()) {
          Thread.onSpinWait();
        }
        StudentScorer scorer = app.scorer();
        System.out.printf("student: %s, %,d rows, %,d MACs/example; teacher %,d MACs/example%n", student.describe(),
            student.rowCount(), student.macs(), joint.teacher().forwardMacs());

        // in-process, one example and batches of 100
        for (String kind : new String[] {"one example", "batch of 100"}) {
          List<Long> lat = new ArrayList<>();
          long end = System.nanoTime() + seconds * 1_000_000_000L;
          int i = 0;
          while (System.nanoTime() < end) {
            List<Example> in = kind.equals("one example") ? List.of(probeExamples.get(i % 1000))
                : probeExamples.subList((i * 100) % 900, (i * 100) % 900 + 100);
            long t = System.nanoTime();
            scorer.score("ctr", in);
            lat.add(System.nanoTime() - t);
            i++;
          }
          long[] s = lat.stream().skip(lat.size() / 10).mapToLong(Long::longValue).sorted().toArray();
          System.out.println("in-process " + kind + ": " + pct(s));
        }
        // teacher vs student scoring cost, same 100 examples, same JVM
        long tt = 0;
        long ts = 0;
        for (int r = 0; r < 2000; r++) {
          List<Example> in = probeExamples.subList((r * 100) % 900, (r * 100) % 900 + 100);
          long t0 = System.nanoTime();
          joint.scoreTeacher(in);
          long t1 = System.nanoTime();
          joint.scoreStudent(in);
          long t2 = System.nanoTime();
          if (r >= 200) {
            tt += t1 - t0;
            ts += t2 - t1;
          }
        }
        System.out.printf("teacher/student scoring time ratio (batch 100, joint model): %.2f%n", tt / (double) ts);

        String body = bodyOf(probes.subList(0, 10));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + app.port() + "/v1/models/ctr/score");
        for (boolean swapping : new boolean[] {false, true}) {
          AtomicBoolean stop = new AtomicBoolean();
          ExecutorService clients = Executors.newFixedThreadPool(concurrency);
          List<Future<long[]>> fs = new ArrayList<>();
          for (int c = 0; c < concurrency; c++) {
            fs.add(clients.submit(() -> {
              List<Long> lat = new ArrayList<>();
              long errors = 0;
              while (!stop.get()) {
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                lat.add(System.nanoTime() - t);
                if (r.statusCode() != 200) {
                  errors++;
                }
              }
              long[] out = new long[lat.size() + 1];
              out[0] = errors;
              for (int k = 0; k < lat.size(); k++) {
                out[k + 1] = lat.get(k);
              }
              return out;
            }));
          }
          long end = System.nanoTime() + seconds * 1_000_000_000L;
          long swaps = 0;
          long v0 = version[0];
          while (System.nanoTime() < end) {
            if (swapping) {
              publish.run();
              swaps++;
              long want = version[0];
              while (app.registry().get("ctr").get().version() < want && System.nanoTime() < end) {
                Thread.onSpinWait();
              }
            } else {
              Thread.sleep(100); // benchmark pacing, not a test wait
            }
          }
          stop.set(true);
          List<Long> all = new ArrayList<>();
          long errors = 0;
          for (Future<long[]> f : fs) {
            long[] r = f.get();
            errors += r[0];
            for (int k = 1 + r.length / 10; k < r.length; k++) {
              all.add(r[k]);
            }
          }
          clients.shutdown();
          long[] s = all.stream().mapToLong(Long::longValue).sorted().toArray();
          System.out.printf("HTTP, 10 examples/request, concurrency %d%s: %s, %,.0f requests/s, %d errors%n",
              concurrency, swapping ? ", hot-swapping (" + swaps + " swaps, v" + v0 + "->v" + version[0] + ")" : "",
              pct(s), s.length / (seconds * 0.9), errors);
        }
      }
      producer.close();
    }
  }

  static String bodyOf(List<ImpressionEvent> events) {
    StringBuilder sb = new StringBuilder("{\"examples\":[");
    for (int i = 0; i < events.size(); i++) {
      ImpressionEvent e = events.get(i);
      sb.append(i == 0 ? "" : ",").append("{\"user_id\":\"").append(e.getUserId()).append("\",\"item_id\":\"")
          .append(e.getItemId()).append("\",\"position\":").append(e.getPosition()).append(",\"categorical\":{");
      int k = 0;
      for (var c : e.getSharedFeatures().getCategorical().entrySet()) {
        sb.append(k++ == 0 ? "" : ",").append('"').append(c.getKey()).append("\":[\"").append(c.getValue().get(0))
            .append("\"]");
      }
      sb.append("}}");
    }
    return sb.append("]}").toString();
  }
}
